import type { KvServer } from './kv-server.js';

/**
 * Redis's serverCron: runs `hz` times a second for active expiry, and once a
 * second for stats sampling and idle-client timeouts. Timers are unref'd so an
 * embedded server never keeps a process alive by itself.
 */
export function startCron(kv: KvServer): () => void {
  let timer: NodeJS.Timeout | undefined;
  let lastSecond = Date.now();
  const schedule = () => {
    const hz = Math.min(Math.max(kv.config.number('hz'), 1), 500);
    timer = setTimeout(run, 1000 / hz);
    timer.unref();
  };
  const run = () => {
    const hz = Math.min(Math.max(kv.config.number('hz'), 1), 500);
    const expireStart = performance.now();
    kv.activeExpire.cycle(hz);
    kv.latency.addSampleIfNeeded('expire-cycle', Math.floor(performance.now() - expireStart));
    kv.rdb.cron();
    const now = Date.now();
    kv.stats.sampleOps(now);
    if (now - lastSecond >= 1000) {
      lastSecond = now;
      closeIdleClients(kv, now);
      kv.aof?.cron();
    }
    schedule();
  };
  schedule();
  return () => clearTimeout(timer);
}

function closeIdleClients(kv: KvServer, now: number): void {
  const timeout = kv.config.number('timeout');
  if (timeout === 0) return;
  for (const client of [...kv.clients]) {
    // Blocked clients wait by design and subscribers only listen: neither is idle (clientsCronHandleTimeout).
    if (client.inPubSubMode || kv.blocking.isBlocked(client)) continue;
    if (now - client.lastInteraction > timeout * 1000) {
      kv.log.verbose('Closing idle client');
      client.close();
    }
  }
}
