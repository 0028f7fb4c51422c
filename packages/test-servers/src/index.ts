// Test support only: scratch redis-server and kv-server processes on free
// loopback ports, for the tests and tools of this repository.
export { LOOPBACK, canConnect, freePort, waitForPort, type WaitOptions } from './ports.js';
export { exited, hasExited, killOnExit, stopChild, type StopOptions } from './children.js';
export { launch, type LaunchOptions, type RunningServer } from './launch.js';
export { startScratch, type ScratchServer, type ServerOptions } from './scratch.js';
export { haveRedisServer, startRedisServer } from './redis-server.js';
export { kvBundle, startKvServer, type KvServerOptions } from './kv-server.js';
export { repoRoot } from './root.js';
