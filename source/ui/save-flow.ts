import path from 'node:path';
import {useRef} from 'react';
import {saveEdits, type LoadedConfig} from '../store.js';
import type {EditorAction, EditorState} from './editor-state.js';

/**
 * Saving from the editor (s, y at the quit question, y/n at the save-conflict question), in one
 * place: writes the rows changed on screen into the file as it is now (store/save-edits.ts) and
 * says how it went. A value changed both here and in the file asks first. Returns whether the
 * file was written.
 */
export function useSaveFlow({loaded, getState, dispatch}: {loaded: LoadedConfig; getState: () => EditorState; dispatch: (action: EditorAction) => void}) {
	const config = useRef(loaded);
	const save = (options: {keep?: 'screen' | 'file'; thenQuit?: boolean} = {}): boolean => {
		try {
			const {saved: base, values} = getState();
			const result = saveEdits(config.current, base, values, options.keep);
			if (result.status === 'conflict') {
				dispatch({type: 'askSaveConflict', conflict: {keys: result.conflicts.map(conflict => conflict.key), thenQuit: options.thenQuit ?? false}});
				return false;
			}
			config.current = result.config;
			const keptAs = result.backup ? {keptAs: path.basename(result.backup)} : {};
			dispatch({type: 'saved', config: result.config, changedMeanwhile: result.changedMeanwhile, ...keptAs});
			return true;
		} catch (error) {
			if (getState().context === 'saveConflict') dispatch({type: 'focus', context: 'table'});
			dispatch({type: 'status', status: {tone: 'error', text: (error as Error).message}});
			return false;
		}
	};
	/** The answer to the save-conflict question; quits when the question came from quitting. */
	const answerConflict = (keep: 'screen' | 'file'): boolean => {
		const thenQuit = getState().conflict?.thenQuit === true;
		return save({keep}) && thenQuit;
	};
	return {save, answerConflict, configDir: () => config.current.dir};
}
