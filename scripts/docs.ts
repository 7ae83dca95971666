// Writes the README's tables from the code (fields, keys) and from the last saved benchmark.
import fs from 'node:fs';
import {presetsReadme} from '../source/presets/markdown.js';
import {benchMarkdown, fieldsMarkdown, fillSection, formatsMarkdown, keysMarkdown, rehearsalsMarkdown} from '../source/reference.js';

const file = 'README.md';
let readme = fs.readFileSync(file, 'utf8');
readme = fillSection(readme, 'fields', fieldsMarkdown());
readme = fillSection(readme, 'keys', keysMarkdown());
readme = fillSection(readme, 'presets', presetsReadme());
readme = fillSection(readme, 'formats', formatsMarkdown());
readme = fillSection(readme, 'rehearse', rehearsalsMarkdown());
readme = fillSection(readme, 'bench', benchMarkdown(JSON.parse(fs.readFileSync('media/bench.json', 'utf8'))));
fs.writeFileSync(file, readme);
console.log('README.md: field, key, preset, format, rehearsal and benchmark tables written');
