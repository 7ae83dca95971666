// An editor save writes only what changed on screen, keeps keys it does not know and what
// another program changed meanwhile, and returns a value changed both ways as a question.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {defaultSettings, fields, type Settings} from '../../source/fields.js';
import {loadConfig, mergeEdits, saveEdits, updateConfigFile} from '../../source/store.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

const keys = fields.map(field => field.key);
const fileOf = (dir: string) => path.join(dir, 'config.json');
const readFile = (dir: string) => JSON.parse(fs.readFileSync(fileOf(dir), 'utf8')) as Record<string, unknown>;

describe('mergeEdits', () => {
	const base: Settings = {...defaultSettings, host: 'smtp.example.com', port: 25};

	it('takes what changed on screen, keeps what changed on disk, and returns what changed both ways', () => {
		const onScreen = {...base, host: 'mine.example.com', senderName: 'Mine', subjectPrefix: '[same]'};
		const onDisk = {...base, port: 2525, senderName: 'Theirs', subjectPrefix: '[same]'};
		expect(mergeEdits(base, onScreen, onDisk, keys)).toEqual({
			changes: {host: 'mine.example.com', subjectPrefix: '[same]'},
			conflicts: [{key: 'senderName', onScreen: 'Mine', onDisk: 'Theirs'}],
			changedMeanwhile: ['port'],
		});
	});

	it('leaves keys out that cannot be edited (set by the environment)', () => {
		const merged = mergeEdits(base, {...base, host: 'mine'}, {...base, host: 'theirs'}, keys.filter(key => key !== 'host'));
		expect(merged).toEqual({changes: {}, conflicts: [], changedMeanwhile: []});
	});
});

describe('saveEdits, against the real file', () => {
	async function opened(content: Record<string, unknown>) {
		const dir = await makeTempDir();
		fs.writeFileSync(fileOf(dir), JSON.stringify(content), {mode: 0o600});
		return {dir, config: loadConfig(dir, {})};
	}

	it('keeps a change another program made meanwhile and a key it does not know', async () => {
		const {dir, config} = await opened({host: 'smtp.example.com', futureKey: [1, 2]});
		updateConfigFile(dir, {port: 2525}, {});
		const result = saveEdits(config, config.settings, {...config.settings, senderName: 'CMDB'});
		expect(result).toMatchObject({status: 'saved', changedMeanwhile: ['port']});
		expect(readFile(dir)).toEqual({host: 'smtp.example.com', futureKey: [1, 2], port: 2525, senderName: 'CMDB'});
		expect(result.status === 'saved' && result.config.settings).toMatchObject({port: 2525, senderName: 'CMDB'});
	});

	it('writes only the fields changed on screen, not the defaults', async () => {
		const {dir, config} = await opened({});
		saveEdits(config, config.settings, {...config.settings, host: 'smtp.example.com'});
		expect(readFile(dir)).toEqual({host: 'smtp.example.com'});
	});

	it('asks about a value changed both ways, writes nothing, and then keeps the one chosen', async () => {
		const {dir, config} = await opened({host: 'smtp.example.com'});
		updateConfigFile(dir, {port: 2525}, {});
		const onScreen = {...config.settings, port: 587, senderName: 'CMDB'};
		expect(saveEdits(config, config.settings, onScreen)).toEqual({status: 'conflict', conflicts: [{key: 'port', onScreen: 587, onDisk: 2525}]});
		expect(readFile(dir)).toEqual({host: 'smtp.example.com', port: 2525});
		expect(saveEdits(config, config.settings, onScreen, 'file')).toMatchObject({status: 'saved', changedMeanwhile: ['port']});
		expect(readFile(dir)).toEqual({host: 'smtp.example.com', port: 2525, senderName: 'CMDB'});
		saveEdits(config, config.settings, onScreen, 'screen');
		expect(readFile(dir)).toEqual({host: 'smtp.example.com', port: 587, senderName: 'CMDB'});
	});

	it('never writes a value set by the environment', async () => {
		const dir = await makeTempDir();
		fs.writeFileSync(fileOf(dir), JSON.stringify({host: 'file.example.com'}), {mode: 0o600});
		const config = loadConfig(dir, {SMTP_CONFIG_HOST: 'env.example.com'});
		saveEdits(config, config.settings, {...config.settings, port: 587});
		expect(readFile(dir)).toEqual({host: 'file.example.com', port: 587});
	});

	it('replaces a file spoiled meanwhile with the values on screen, keeping a copy', async () => {
		const {dir, config} = await opened({host: 'smtp.example.com'});
		fs.writeFileSync(fileOf(dir), '{"host": oops');
		const result = saveEdits(config, config.settings, {...config.settings, port: 587});
		expect(result.status === 'saved' && fs.readFileSync(result.backup!, 'utf8')).toBe('{"host": oops');
		expect(readFile(dir)).toMatchObject({host: 'smtp.example.com', port: 587});
	});
});
