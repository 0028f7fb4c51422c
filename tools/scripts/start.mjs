// `npm start`: install if needed, bundle the server, start it on
// 127.0.0.1:6379 with its data in ./data. Extra arguments go to kv-server.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureInstalled, pnpm, root } from './pnpm.mjs';

ensureInstalled();
pnpm(['--filter', 'kv-server', 'run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
const dataDir = path.join(root, 'data');
mkdirSync(dataDir, { recursive: true });
const args = ['--bind', '127.0.0.1', '--port', '6379', '--dir', dataDir, ...process.argv.slice(2)];
const child = spawn(process.execPath, [path.join(root, 'apps/server/dist/kv-server.js'), ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
