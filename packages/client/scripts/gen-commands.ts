// Writes packages/client/src/commands.generated.ts from the Redis 7.0 command table:
//   node tools/scripts/run-ts.mjs packages/client/scripts/gen-commands.ts [path/to/redis-7.0-command-table.json]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, type CommandTable } from './generate.js';
import { TABLE_SOURCE, tablePath } from './table-path.js';

// Found upwards: run-ts.mjs runs a bundle from scripts/.run-ts.
let pkg = path.dirname(fileURLToPath(import.meta.url));
while (!existsSync(path.join(pkg, 'scripts/gen-commands.ts'))) pkg = path.dirname(pkg);
const input = process.argv[2] ?? tablePath();
const table = JSON.parse(readFileSync(input, 'utf8')) as CommandTable;
const out = path.join(pkg, 'src/commands.generated.ts');
writeFileSync(out, generate(table, TABLE_SOURCE));
console.log(`wrote ${out}`);
