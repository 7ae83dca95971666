import type {Command} from 'commander';
import type {CommandContext, CommandModule} from './context.js';
import * as exportCommand from './export.js';
import * as get from './get.js';
import * as importCommand from './import.js';
import * as login from './login.js';
import * as logout from './logout.js';
import * as history from './history.js';
import * as path from './path.js';
import * as preset from './preset.js';
import * as probe from './probe.js';
import * as reset from './reset.js';
import * as sandbox from './sandbox.js';
import * as set from './set.js';
import * as show from './show.js';
import * as test from './test.js';
import * as trust from './trust.js';
import * as verify from './verify.js';

/** Every subcommand, in the order --help lists them. A new one: a module here and a line below. */
export const commandModules: readonly CommandModule[] = [show, get, set, reset, test, verify, login, logout, probe, sandbox, preset, trust, history, exportCommand, importCommand, path];

export function registerCommands(program: Command, context: CommandContext): void {
	for (const module of commandModules) module.register(program, context);
}
