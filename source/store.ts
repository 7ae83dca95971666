// The config store, one idea per module under store/; this file keeps every `../store.js` import working.
export {ConfigFileError, EnvironmentError, StoreWriteError, describeFsError} from './store/errors.js';
export {configPath, logDir, projectName, resolveConfigDir} from './store/paths.js';
export {environmentOverrides, unknownVariableWarnings} from './store/environment.js';
export {ensurePrivateDir} from './store/folders.js';
export {removeStaleLock, withConfigLock} from './store/lock.js';
export {loadConfig, type LoadedConfig, type ValueSource} from './store/read.js';
export {backupConfigFile, resetConfig, saveConfig, updateConfigFile} from './store/write.js';
