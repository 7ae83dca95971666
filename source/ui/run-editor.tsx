import path from 'node:path';
import React, {useState} from 'react';
import {render} from 'ink';
import {
	ConfigFileError,
	EnvironmentError,
	loadConfig,
	resetConfig,
	resolveConfigDir,
	configFileWarnings,
	unknownVariableWarnings,
	type LoadedConfig,
} from '../store.js';
import type {Rehearsal, Sandbox} from '../sandbox/index.js';
import {printableMessage} from '../foreign-text.js';
import {App} from './app.js';
import type {Status} from './editor-state.js';
import {FileErrorScreen} from './file-error-screen.js';
import {KeypressProvider} from './keypress-source.js';
import {takeTerminal} from './terminal-state.js';

type Start = {config: LoadedConfig; status?: Status} | {error: ConfigFileError};

function Root({dir, start, sandbox, onFileErrorQuit}: {dir: string; start: Start; sandbox?: Sandbox; onFileErrorQuit: () => void}) {
	const [current, setCurrent] = useState(start);
	if ('error' in current) {
		return (
			<FileErrorScreen
				error={current.error}
				onQuit={onFileErrorQuit}
				onReset={() => {
					const {backup} = resetConfig(dir);
					// The name alone: the copy is beside config.json, whose path the title shows, and the
					// whole line fits 80 columns.
					const kept = backup ? `bad file kept as ${path.basename(backup)}` : 'the file was readable again';
					setCurrent({config: loadConfig(dir), status: {tone: 'info', text: `Defaults loaded; ${kept}`}});
				}}
			/>
		);
	}
	return <App config={current.config} initialStatus={current.status} sandbox={sandbox} />;
}

/**
 * Ink draws at most this many frames a second. Its default, 30, holds a frame up to 33 ms after
 * the one before: the result of a send on a local server came a frame late. The transcript has
 * its own batcher (30 a second), so this only lets the last frame of a burst out sooner.
 */
const renderFps = 250;

/** Opens the editor; resolves with the exit code. */
export async function runEditor(options: {configDir?: string; sandbox?: boolean; rehearsal?: Rehearsal}): Promise<number> {
	const dir = resolveConfigDir(options);
	let start: Start;
	try {
		const [warning] = [...unknownVariableWarnings(), ...configFileWarnings(dir)];
		start = {config: loadConfig(dir), status: warning ? {tone: 'error', text: printableMessage(warning)} : undefined};
	} catch (error) {
		if (error instanceof ConfigFileError) start = {error};
		else if (error instanceof EnvironmentError) {
			process.stderr.write(`smtp-config: ${printableMessage(error.message)}\n`);
			return 2;
		} else throw error;
	}
	let sandbox: Sandbox | undefined;
	if (options.sandbox) {
		try {
			sandbox = await startEditorSandbox(dir, options.rehearsal);
		} catch (error) {
			process.stderr.write(`smtp-config: the sandbox cannot start: ${printableMessage((error as Error).message)}\n`);
			return 1;
		}
	}
	let exitCode = 0;
	const restoreTerminal = takeTerminal();
	// Incremental: only changed lines travel, which a slow SSH link feels (see scripts/ink-fixes.js).
	const app = render(
		<KeypressProvider>
			<Root dir={dir} start={start} sandbox={sandbox} onFileErrorQuit={() => (exitCode = 3)} />
		</KeypressProvider>,
		{exitOnCtrlC: false, patchConsole: false, incrementalRendering: true, maxFps: renderFps},
	);
	try {
		await app.waitUntilExit();
	} finally {
		restoreTerminal();
		await sandbox?.close();
	}
	if (exitCode === 3 && 'error' in start) process.stderr.write(`smtp-config: ${printableMessage(start.error.message)}\n`);
	return exitCode;
}

/** The sandbox on its usual port, or on any free one when another program holds that. */
async function startEditorSandbox(dir: string, rehearsal: Rehearsal | undefined): Promise<Sandbox> {
	const {defaultSandboxPort, SandboxStartError, startSandbox} = await import('../sandbox/index.js');
	const options = {dir, ...(rehearsal ? {rehearsal} : {})};
	try {
		return await startSandbox({...options, port: defaultSandboxPort});
	} catch (error) {
		if (error instanceof SandboxStartError && error.problem === 'port-in-use') return startSandbox({...options, port: 0});
		throw error;
	}
}
