import os from 'node:os';
import path from 'node:path';
import envPaths from 'env-paths';

export const projectName = 'smtp-config';

export function resolveConfigDir(options: {configDir?: string; env?: NodeJS.ProcessEnv} = {}): string {
	const env = options.env ?? process.env;
	const chosen = options.configDir ?? env.SMTP_CONFIG_DIR;
	if (chosen) return path.resolve(chosen);
	// env-paths reads process.env; on Linux and the BSDs its rule is XDG's, read from `env` here.
	if (process.platform !== 'darwin' && process.platform !== 'win32') {
		return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), projectName);
	}
	return envPaths(projectName, {suffix: ''}).config;
}

export const configPath = (dir: string) => path.join(dir, 'config.json');
export const logDir = (dir: string) => path.join(dir, 'log');
export const lockPath = (dir: string) => `${configPath(dir)}.lock`;

/** Said by `smtp-config path`: an empty SMTP_CONFIG_DIR counts as unset, which may surprise. */
export function configDirNote(options: {configDir?: string; env?: NodeJS.ProcessEnv} = {}): string | undefined {
	const env = options.env ?? process.env;
	if (options.configDir !== undefined || env.SMTP_CONFIG_DIR !== '') return undefined;
	return 'SMTP_CONFIG_DIR is set but empty, so it is ignored: this is the default folder';
}
