// Micro-benchmark of @kv/resp: commands parsed per second and replies
// encoded per second, for the shapes redis-benchmark sends. Runs in ~8 s.
//   node tools/scripts/run-ts.mjs tools/bench/src/resp-parse.ts [seconds per case, default 0.5]
import { DoubleReply, MapReply, OK, ReplyEncoder, RequestParser, encodeCommand, type RespValue } from '@kv/resp';

const seconds = Number(process.argv[2] ?? 0.5);

/** Runs `run` (which does `units` operations) for a while; prints operations per second. */
function bench(label: string, units: number, run: () => void): void {
  for (let i = 0; i < 10; i++) run(); // warm up
  let runs = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  do {
    run();
    runs++;
  } while (performance.now() < until);
  const rate = (runs * units) / ((performance.now() - start) / 1000);
  console.log(`${label.padEnd(46)} ${Math.round(rate).toLocaleString('en-US').padStart(13)} /s`);
}

/** Like redis-benchmark's key:__rand_int__. */
const key = (i: number) => `key:${String(i).padStart(12, '0')}`;

function pipeline(n: number, make: (i: number) => string[]): Buffer {
  return Buffer.concat(Array.from({ length: n }, (_, i) => encodeCommand(make(i))));
}

/** Commands of the given shape up to `bytes`, as one buffer, and how many there are. */
function stream(bytes: number, make: (i: number) => string[]): [Buffer, number] {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < bytes) {
    const c = encodeCommand(make(parts.length));
    parts.push(c);
    size += c.length;
  }
  return [Buffer.concat(parts), parts.length];
}

function parse(label: string, chunks: Buffer[], commands: number): void {
  bench(`parse ${label}`, commands, () => {
    const p = new RequestParser();
    let n = 0;
    for (const c of chunks) {
      p.push(c);
      while (p.next() !== undefined) n++;
    }
    if (n !== commands) throw new Error(`parsed ${n} of ${commands}`);
  });
}

/** The same 16-command chunk, 1000 times: a client pipelining 16 (redis-benchmark -P 16). */
function parse16(label: string, make: (i: number) => string[]): void {
  parse(`${label}, 16 per chunk`, Array<Buffer>(1000).fill(pipeline(16, make)), 16_000);
}

const v3 = 'xxx';
const v100 = 'x'.repeat(100);
const setSmall = (i: number) => ['SET', key(i), v3];

console.log(`@kv/resp micro-benchmark (Node ${process.version}, ${seconds} s per case)`);
parse16('SET 3-byte values', setSmall);
parse16('SET 100-byte values', (i) => ['SET', key(i), v100]);
parse16('GET', (i) => ['GET', key(i)]);
parse(
  'PING inline, 16 per chunk',
  Array<Buffer>(1000).fill(Buffer.from('PING\r\n'.repeat(16), 'latin1')),
  16_000,
);
parse('GET, 1 per chunk', Array.from({ length: 16_000 }, (_, i) => encodeCommand(['GET', key(i)])), 16_000);

const [big, bigCount] = stream(1024 * 1024, setSmall);
parse(`SET 3-byte values, one ${(big.length / 2 ** 20).toFixed(1)} MiB chunk`, [big], bigCount);
const reads = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.subarray(i * 65536, (i + 1) * 65536));
parse('same, in 64 KiB socket reads', reads, bigCount);
const [bigValues, bigValuesCount] = stream(4 * 1024 * 1024, (i) => ['SET', key(i), 'v'.repeat(256 * 1024)]);
const bigReads = Array.from({ length: Math.ceil(bigValues.length / 65536) }, (_, i) => bigValues.subarray(i * 65536, (i + 1) * 65536));
parse('SET 256 KiB values, in 64 KiB socket reads', bigReads, bigValuesCount);

const replies: [string, RespValue][] = [
  ['+OK', OK],
  ['bulk of 3 bytes', v3],
  ['bulk of 100 bytes', v100],
  ['integer', 123456],
  ['array of 10 bulks', Array<string>(10).fill(v3)],
  ['map of 5 double scores', new MapReply(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? `m${i}` : new DoubleReply(i / 3))))],
];
for (const [label, value] of replies) {
  const e = new ReplyEncoder();
  bench(`encode ${label}, 16 per batch`, 16_000, () => {
    for (let b = 0; b < 1000; b++) {
      for (let i = 0; i < 16; i++) e.write(value);
      e.take();
    }
  });
}
