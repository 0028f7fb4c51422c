export { startServer, type StartOptions, type ServerHandle } from './server.js';
export { KvServer } from './kv-server.js';
export { KV_VERSION, REDIS_VERSION } from './version.js';
export { parseConfigText, optionsToConfigText, ConfigFileError, type Directive } from './config/config-file.js';
export { loadDirectives, type LoadedConfig } from './config/load.js';
export type { LogSink, LogLevel } from './log.js';
