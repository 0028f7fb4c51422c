import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How the generated file names its source. */
export const TABLE_SOURCE = 'shared/reference/redis-7.0-command-table.json';

/** The reference command table: ../shared/reference beside the repository (found upwards from here). */
export function tablePath(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const p = path.join(dir, TABLE_SOURCE);
    if (existsSync(p)) return p;
    if (path.dirname(dir) === dir) throw new Error(`${TABLE_SOURCE} not found above ${fileURLToPath(import.meta.url)}`);
  }
}
