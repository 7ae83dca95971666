// The one writer of private files: a temporary copy, flushed, renamed; nothing left on failure.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createPrivateFile, writePrivateFile} from '../../source/store.js';
import {makeTempDir, removeTempDirs} from '../helpers/temp-dir.js';

afterEach(removeTempDirs);

describe('writePrivateFile', () => {
	it('replaces a file by a new one, 0600, even one others could read', async () => {
		const dir = await makeTempDir();
		const file = path.join(dir, 'history.json');
		fs.writeFileSync(file, 'old', {mode: 0o644});
		const before = fs.statSync(file).ino;
		writePrivateFile(file, 'new');
		expect(fs.readFileSync(file, 'utf8')).toBe('new');
		expect(fs.statSync(file).ino).not.toBe(before);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.readdirSync(dir)).toEqual(['history.json']);
	});

	it('leaves what was there, and no temporary copy, when the rename fails', async () => {
		const dir = await makeTempDir();
		const target = path.join(dir, 'in-the-way');
		fs.mkdirSync(target);
		fs.writeFileSync(path.join(target, 'inside'), 'kept');
		expect(() => writePrivateFile(target, 'secret')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/u);
		expect(fs.readdirSync(dir)).toEqual(['in-the-way']);
		expect(fs.readFileSync(path.join(target, 'inside'), 'utf8')).toBe('kept');
	});
});

describe('createPrivateFile', () => {
	it('never writes through a link that is in the way', async () => {
		const dir = await makeTempDir();
		const elsewhere = path.join(await makeTempDir(), 'target');
		fs.writeFileSync(elsewhere, 'theirs');
		fs.symlinkSync(elsewhere, path.join(dir, 'copy'));
		expect(() => createPrivateFile(path.join(dir, 'copy'), 'secret')).toThrow(/EEXIST/u);
		expect(fs.readFileSync(elsewhere, 'utf8')).toBe('theirs');
	});
});
