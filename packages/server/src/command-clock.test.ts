import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCommand } from '@kv/resp';
import { CommandClock } from './command-clock.js';
import { startServer, type ServerHandle } from './server.js';

const sleep = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('CommandClock', () => {
  it('chains a batch: a command starts where the one before it ended', () => {
    const clock = new CommandClock();
    clock.beginBatch();
    const first = clock.start();
    sleep(5);
    expect(clock.stop(first)).toBeGreaterThanOrEqual(5000);
    const second = clock.start();
    expect(clock.stop(second)).toBeLessThan(2000);
    clock.endBatch();
  });

  it('reads the clock afresh after drop() and outside a batch', () => {
    const clock = new CommandClock();
    clock.beginBatch();
    clock.stop(clock.start());
    sleep(5);
    clock.drop();
    expect(clock.stop(clock.start())).toBeLessThan(2000);
    clock.endBatch();
    const outside = clock.start();
    clock.stop(outside);
    sleep(5);
    // No batch runs: the last end is no start.
    expect(clock.stop(clock.start())).toBeLessThan(2000);
  });
});

describe('command durations in a pipeline', () => {
  let server: ServerHandle;
  beforeAll(async () => {
    server = await startServer({ config: { port: '0', bind: '127.0.0.1', save: '', 'enable-debug-command': 'yes' }, log: () => {} });
  });
  afterAll(async () => server.close());

  it("a slow command's time is its own, not the next one's (INFO commandstats)", async () => {
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    // One chunk: DEBUG SLEEP and PING run in the same batch.
    socket.write(Buffer.concat([encodeCommand(['DEBUG', 'SLEEP', '0.05']), encodeCommand(['PING']), encodeCommand(['INFO', 'commandstats'])]));
    while (!received.includes('cmdstat_ping')) await new Promise((r) => setTimeout(r, 10));
    socket.destroy();
    const usec = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=1,usec=(\\d+)`).exec(received)?.[1]);
    expect(usec('debug')).toBeGreaterThanOrEqual(50_000);
    expect(usec('ping')).toBeLessThan(5_000);
  });
});
