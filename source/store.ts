// The config store, one idea per module under store/; this file keeps every `../store.js` import working.
export {ConfigFileError, EnvironmentError, StoreWriteError, describeFsError} from './store/errors.js';
export {configDirNote, configPath, logDir, projectName, resolveConfigDir} from './store/paths.js';
export {environmentOverrides, unknownVariableWarnings} from './store/environment.js';
export {ensurePrivateDir, privateFolder, UnsafeFolderError} from './store/folders.js';
export {createPrivateFile, writePrivateFile} from './store/private-files.js';
export {removeStaleLock, withConfigLock} from './store/lock.js';
export {configFileWarnings, loadConfig, type LoadedConfig, type ValueSource} from './store/read.js';
export {formatProblem, type FileProblem} from './store/problems.js';
export {backupConfigFile, resetConfig, saveConfig, updateConfigFile} from './store/write.js';
export {mergeEdits, type EditConflict, type MergedEdits} from './store/merge.js';
export {saveEdits, type SaveEditsResult} from './store/save-edits.js';
