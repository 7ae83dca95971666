import path from 'node:path';
import {useRef} from 'react';
import {saveConfig, type LoadedConfig} from '../store.js';
import type {EditorAction, EditorState} from './editor-state.js';

/**
 * Saving from the editor (s, and y at the quit question), in one place: writes the values on
 * screen and says how it went. Returns whether the file was written.
 */
export function useSaveFlow({loaded, getState, dispatch}: {loaded: LoadedConfig; getState: () => EditorState; dispatch: (action: EditorAction) => void}) {
	const config = useRef(loaded);
	const save = (): boolean => {
		try {
			const {config: saved, backup} = saveConfig(config.current, getState().values);
			config.current = saved;
			dispatch({type: 'saved', config: saved, ...(backup ? {keptAs: path.basename(backup)} : {})});
			return true;
		} catch (error) {
			dispatch({type: 'status', status: {tone: 'error', text: (error as Error).message}});
			return false;
		}
	};
	return {save, configDir: () => config.current.dir};
}
