// Writes the README's field and key tables from the field table and the key table.
import fs from 'node:fs';
import {fieldsMarkdown, fillSection, keysMarkdown} from '../source/reference.js';

const file = 'README.md';
let readme = fs.readFileSync(file, 'utf8');
readme = fillSection(readme, 'fields', fieldsMarkdown());
readme = fillSection(readme, 'keys', keysMarkdown());
fs.writeFileSync(file, readme);
console.log('README.md: field and key tables written');
