import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { serveConnection } from './client/connection.js';
import { Config, ConfigError } from './config/config.js';
import { KvServer } from './kv-server.js';
import { Logger, type LogLevel, type LogSink } from './log.js';
import { startCron } from './cron.js';
import { KV_VERSION, REDIS_VERSION } from './version.js';
import { clearErrno } from './util/c-errno.js';
import { loadRdbFile } from './persistence/rdb-files.js';
import { Aof } from './persistence/aof.js';
import { loadAof } from './persistence/aof-load.js';


export interface StartOptions {
  /** Configuration parameters by name, each as its redis.conf arguments (`{ port: '0', save: '' }` or `{ save: ['900', '1'] }`). */
  config?: Readonly<Record<string, string | readonly string[]>>;
  /** Where log lines go; default stdout. Pass `() => {}` to silence. */
  log?: LogSink;
  /** The config file the values came from, shown by INFO. */
  configFile?: string;
  /** `user` lines of the config file, each as [name, ...rules] (loadDirectives gives them). */
  users?: readonly (readonly string[])[];
}

/** A running server: where it listens and how to stop it. */
export interface ServerHandle {
  readonly host: string;
  readonly port: number;
  readonly server: KvServer;
  /** Stops accepting, closes every client, stops timers. */
  close(): Promise<void>;
  /** Resolves when the server stops (close() or SHUTDOWN). */
  readonly closed: Promise<void>;
}

/**
 * Starts a kv server in this process. `port: 0` picks a free port; the
 * handle tells which.
 */
export async function startServer(options: StartOptions = {}): Promise<ServerHandle> {
  const config = new Config();
  for (const [name, value] of Object.entries(options.config ?? {})) {
    try {
      config.set(name, typeof value === 'string' ? [value] : value, true);
    } catch (err) {
      if (err instanceof ConfigError) throw new Error(`Bad config parameter '${name}': ${err.message}`);
      throw err;
    }
  }
  const log = new Logger(config.get('loglevel') as LogLevel, options.log);
  config.onChange('loglevel', (v) => (log.level = v as LogLevel));
  const kv = new KvServer(config, log);
  kv.configFile = options.configFile ?? '';
  // Users of the config file and the ACL file, before any client can connect (ACLLoadUsersAtStartup).
  kv.acl.loadAtStartup(options.users ?? []);
  log.notice('oO0OoO0OoO0Oo kv is starting oO0OoO0OoO0Oo');
  log.notice(`kv version=${KV_VERSION} (redis_version=${REDIS_VERSION}), bits=64, pid=${process.pid}, just started`);

  const loadStart = performance.now();
  if (config.bool('appendonly')) {
    // With the AOF on, it alone is the dataset (dump.rdb is not read), as in Redis 7.0.
    const aof = new Aof(kv);
    const manifest = aof.readManifest();
    if (manifest !== undefined) {
      // The AOF replays commands through the dispatcher; maxmemory does not evict while loading, as in Redis.
      kv.eviction.loading = true;
      try {
        await loadAof(kv, aof, manifest);
      } finally {
        kv.eviction.loading = false;
      }
      log.notice(`DB loaded from append only file: ${((performance.now() - loadStart) / 1000).toFixed(3)} seconds`);
    }
    aof.openOnStart(manifest);
    kv.aof = aof;
  } else {
    const loaded = await loadRdbFile(kv);
    if (loaded !== undefined) {
      kv.keyspace.dirty = 0;
      kv.rdb.lastLoadKeys = loaded.keys;
      kv.rdb.lastLoadExpired = loaded.expired;
      log.notice(`DB loaded from disk: ${((performance.now() - loadStart) / 1000).toFixed(3)} seconds`);
    }
  }
  config.onChange('appendonly', (v) => (v === 'yes' ? kv.startAof() : kv.stopAof()));

  const sockets = new Set<Socket>();
  const net = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    clearErrno(); // accept() leaves EAGAIN in errno once the backlog is drained
    serveConnection(kv, socket);
  });
  const hosts = bindAddresses(config.get('bind'));
  await listen(net, hosts[0]!, config.number('port'), config.number('tcp-backlog'));
  const address = net.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.number('port');
  kv.port = port;
  const stopCron = startCron(kv);

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      stopCron();
      kv.rdb.abortBackground();
      kv.aof?.close();
      for (const client of [...kv.clients]) client.close();
      for (const socket of sockets) socket.destroy();
      net.close(() => {
        log.notice('kv is now ready to exit, bye bye...');
        resolveClosed();
        resolve();
      });
    });
    return closing;
  };
  kv.onShutdown = () => void close();

  log.notice(`Running mode=standalone, port=${port}.`);
  log.notice('Server initialized');
  log.notice('Ready to accept connections tcp');
  return { host: hosts[0]!, port, server: kv, close, closed };
}

/** The first address of `bind` (Redis's default `* -::*` means all IPv4). */
function bindAddresses(bind: string): string[] {
  const hosts = bind.split(' ').filter((h) => h !== '').map((h) => h.replace(/^-/, ''));
  return hosts.map((h) => (h === '*' ? '0.0.0.0' : h === '::*' ? '::' : h));
}

function listen(net: NetServer, host: string, port: number, backlog: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new Error(`Could not create server TCP listening socket ${host}:${port}: ${err.message}`));
    net.once('error', onError);
    net.listen({ host, port, backlog }, () => {
      net.off('error', onError);
      resolve();
    });
  });
}
