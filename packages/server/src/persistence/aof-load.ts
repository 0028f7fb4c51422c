import { closeSync, openSync, readFileSync, readSync, truncateSync } from 'node:fs';
import { ProtocolError, RequestParser } from '@kv/resp';
import { Client } from '../client/client.js';
import { execute } from '../dispatch.js';
import type { KvServer } from '../kv-server.js';
import type { Aof } from './aof.js';
import type { AofManifest } from './aof-manifest.js';
import { loadRdbFile } from './rdb-files.js';

// Start-up from the AOF (loadAppendOnlyFiles): the base (an RDB preamble or
// commands), then each incr file's commands in order, run by a client that
// is not connected anywhere.

export class AofLoadError extends Error {}

export interface AofLoadResult {
  readonly commands: number;
  readonly truncated: boolean;
}

const NO_TRANSPORT = { remoteAddress: '', localAddress: '', fd: -1, write: () => {}, close: () => {} };

export async function loadAof(kv: KvServer, aof: Aof, manifest: AofManifest): Promise<AofLoadResult> {
  const client = new Client(0, kv, NO_TRANSPORT);
  client.setAuthenticated(true);
  // Redis's AOF client has no ACL user: it may run anything, whatever the default user's rules.
  client.aclUser = kv.acl.internalUser;
  let commands = 0;
  let truncated = false;
  const files = [...(manifest.base === undefined ? [] : [manifest.base]), ...manifest.incrs];
  for (let i = 0; i < files.length; i++) {
    const info = files[i]!;
    const file = aof.filePath(info.name);
    const last = i === files.length - 1;
    if (startsWithRdbMagic(file)) {
      // An RDB preamble: the whole base, or the head of an old single-file AOF. Streamed, not read whole.
      await loadRdbFile(kv, file);
      continue;
    }
    const bytes = readFileSync(file);
    const r = replay(client, bytes, file, last && kv.config.bool('aof-load-truncated'));
    commands += r.commands;
    if (r.validLength < bytes.length) {
      kv.log.warning(`!!! Warning: short read while loading the AOF file ${info.name}!!!`);
      kv.log.warning(`!!! Truncating the AOF ${info.name} at offset ${r.validLength} !!!`);
      truncateSync(file, r.validLength);
      kv.log.warning('AOF loaded anyway because aof-load-truncated is enabled');
      truncated = true;
    }
  }
  kv.keyspace.dirty = 0;
  return { commands, truncated };
}

/** Whether the file begins with "REDIS" (an RDB), read from its first bytes alone. */
function startsWithRdbMagic(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    return readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === 'REDIS';
  } finally {
    closeSync(fd);
  }
}

/** Runs the commands of one file; returns how many, and how many bytes held whole commands. */
function replay(client: Client, bytes: Buffer, file: string, allowTruncated: boolean): { commands: number; validLength: number } {
  const parser = new RequestParser({ maxBulkLength: Number.MAX_SAFE_INTEGER });
  parser.authenticated = true;
  parser.push(bytes);
  let commands = 0;
  let valid = 0;
  const formatError = () =>
    new AofLoadError(`Bad file format reading the append only file ${file} at offset ${valid}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`);
  for (;;) {
    // Every command of an AOF is a multibulk: anything else is damage (Redis's loader checks for '*' too).
    if (valid < bytes.length && bytes[valid] !== 0x2a) throw formatError();
    let args: string[] | undefined;
    try {
      args = parser.next();
    } catch (err) {
      if (err instanceof ProtocolError) throw formatError();
      throw err;
    }
    if (args === undefined) break;
    valid = bytes.length - parser.bufferedBytes;
    const name = args[0]!.toLowerCase();
    // MULTI/EXEC only wrap what follows; the commands inside run as they come.
    if (name === 'multi' || name === 'exec') continue;
    client.server.keyspace.tick();
    execute(client, args);
    commands++;
  }
  if (valid < bytes.length && !allowTruncated) {
    throw new AofLoadError(`Unexpected end of file reading the append only file ${file}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`);
  }
  return { commands, validLength: valid };
}
