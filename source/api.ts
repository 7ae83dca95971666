/**
 * The Node API: `import {loadSettings, transportOptions} from 'smtp-config'`. An application sends
 * with exactly the settings tested here: the same file, the same SMTP_CONFIG_* overrides and the
 * same validation as the program, and the connection options the test send uses. Loads neither
 * Ink nor React, nor nodemailer itself.
 */
import type {Settings} from './fields.js';
import {loadConfig, resolveConfigDir} from './store.js';

export type {Security, Settings} from './fields.js';
export {ConfigFileError, EnvironmentError} from './store.js';
export {messageDefaults, transportOptions, type MessageDefaults, type TransportOptions} from './smtp/transport-options.js';

export type LoadOptions = {
	/** The folder of config.json; default: $SMTP_CONFIG_DIR, else the platform's config folder. */
	configDir?: string;
	/** The environment to read SMTP_CONFIG_* overrides (and SMTP_CONFIG_DIR) from; default process.env. */
	env?: Record<string, string | undefined>;
};

/**
 * The settings in effect: environment over file over default, every value validated as the
 * program does. Throws ConfigFileError for a file that cannot be used (it is left as it is) and
 * EnvironmentError for an invalid SMTP_CONFIG_* variable. Creates nothing.
 */
export function loadSettings(options: LoadOptions = {}): Settings {
	const env = options.env ?? process.env;
	const dir = resolveConfigDir({...(options.configDir === undefined ? {} : {configDir: options.configDir}), env});
	return loadConfig(dir, env).settings;
}
