import { RespConnection } from '@kv/client';
import { ErrorReply, MapReply, SetReply, DoubleReply, type RespValue } from '@kv/resp';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type ServerHandle } from '../src/index.js';
import { startRedis, stopRedis, type RealRedis } from './real-redis.js';

// kv and a real Redis 7.0 side by side for the ACL tests: each test opens
// pairs of connections (one to each) and compares what both answer.

export interface Servers {
  readonly redis: RealRedis;
  readonly redisPort: number;
  readonly kv: ServerHandle;
  readonly redisDir: string;
  readonly kvDir: string;
  stop(): Promise<void>;
}

/** Starts both, each with its own temp dir (kv's `dir` too), with the same extra config. */
export async function startBoth(config: Record<string, string> = {}, prepare?: (dir: string) => void): Promise<Servers> {
  const redisDir = mkdtempSync(path.join(tmpdir(), 'kv-acl-redis-'));
  const kvDir = mkdtempSync(path.join(tmpdir(), 'kv-acl-kv-'));
  prepare?.(redisDir);
  prepare?.(kvDir);
  const flags = Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]);
  const redis = await startRedis(redisDir, flags);
  const redisPort = Number(((await redis.conn.call('CONFIG', 'GET', 'port')) as string[])[1]);
  const kv = await startServer({ config: { port: '0', bind: '127.0.0.1', save: '', dir: kvDir, ...config }, log: () => {} });
  return {
    redis, redisPort, kv, redisDir, kvDir,
    async stop() {
      await kv.close();
      await stopRedis(redis);
      rmSync(redisDir, { recursive: true, force: true });
      rmSync(kvDir, { recursive: true, force: true });
    },
  };
}

/** One connection to each server. */
export class Pair {
  private constructor(
    readonly redis: RespConnection,
    readonly kv: RespConnection,
  ) {}

  static async open(s: Servers): Promise<Pair> {
    return new Pair(await RespConnection.connect({ port: s.redisPort }), await RespConnection.connect({ port: s.kv.port }));
  }

  /** Sends the command to both; resolves with [redis reply, kv reply], a closed connection as '<closed>'. */
  async both(...args: string[]): Promise<[RespValue | string, RespValue | string]> {
    const send = (c: RespConnection) => c.call(...args).catch(() => '<closed>');
    return Promise.all([send(this.redis), send(this.kv)]);
  }

  close(): void {
    this.redis.close();
    this.kv.close();
  }
}

/**
 * Redis prints the single-command part of a rule list in hash-table order,
 * different on every run: sort the tokens after the +@all/-@all and
 * category tokens of each part (root, then each `(selector)`).
 */
export function normalizeRules(s: string): string {
  return s.split(/(?= \()/).map((part) => {
    const open = part.startsWith(' (');
    const body = open ? part.slice(2, -1) : part;
    const tokens = body.split(' ');
    let i = tokens.findIndex((t) => t === '+@all' || t === '-@all');
    if (i < 0) return part;
    i++;
    while (i < tokens.length && /^[+-]@/.test(tokens[i]!)) i++;
    const out = [...tokens.slice(0, i), ...tokens.slice(i).sort()].join(' ');
    return open ? ` (${out})` : out;
  }).join('');
}

/**
 * CLIENT INFO fields that are the same on both servers for the same story
 * (flags= and multi= are CLIENT LIST's business, compared by its own tests).
 */
const STABLE_CLIENT_FIELDS = ['name', 'db', 'sub', 'psub', 'cmd', 'user', 'resp'];

function stableClientInfo(s: string): string {
  const fields = new Map(s.split(' ').map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]));
  return STABLE_CLIENT_FIELDS.map((f) => `${f}=${fields.get(f)}`).join(' ');
}

/** An ACL LOG reply with age-seconds checked for type only and client-info cut to the stable fields. */
export function normalizeLog(v: RespValue | string): unknown {
  if (!Array.isArray(v)) return v;
  return v.map((entry) => {
    const flat = entry instanceof MapReply ? entry.entries : (entry as RespValue[]);
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const k = String(flat[i]);
      const val = flat[i + 1]!;
      if (k === 'age-seconds') out[k] = typeof (val instanceof DoubleReply ? val.value : Number(val));
      else if (k === 'client-info') out[k] = stableClientInfo(String(val));
      else out[k] = val;
    }
    return out;
  });
}

/** A GETUSER reply (RESP2 or RESP3) as plain data, its command strings normalized. */
export function normalizeGetUser(v: RespValue | string): unknown {
  const plain = (x: RespValue | string): unknown => {
    if (x instanceof MapReply) return { map: x.entries.map(plain) };
    if (x instanceof SetReply) return { set: x.items.map(plain) };
    if (x instanceof ErrorReply) return { error: x.message };
    if (Array.isArray(x)) return x.map(plain);
    return x;
  };
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      return x.map((e, i) => (typeof e === 'string' && i > 0 && x[i - 1] === 'commands' ? normalizeRules(e) : walk(e)));
    }
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, walk(e)]));
    return x;
  };
  return walk(plain(v));
}
