// The random part of a run: sessions of generated commands, alternately on
// RESP2 and RESP3 connections, compared reply by reply.
import { Failure } from './connection.js';
import type { Pair } from './pair.js';
import { Progress } from './progress.js';
import { CommandGenerator, KEYS } from './random.js';
import { refCommand, type RefCommand } from './reference.js';
import { randomAllowed, TOUCH_KEYS_BEFORE } from './rules.js';

/** Commands per session; each session starts on fresh connections, every other one on RESP3. */
const SESSION = 500;

/** The commands to generate: those kv lists in COMMAND LIST, known to the reference, and not excluded. */
export async function generatedCommands(pair: Pair): Promise<{ fullName: string; ref: RefCommand }[]> {
  const list = await pair.call('kv', ['COMMAND', 'LIST']);
  if (list instanceof Failure || !Array.isArray(list.value)) throw new Error('kv did not answer COMMAND LIST with an array');
  const out: { fullName: string; ref: RefCommand }[] = [];
  for (const item of list.value) {
    const name = String(item).toLowerCase();
    const ref = refCommand(name);
    if (ref !== undefined && randomAllowed(name, ref)) out.push({ fullName: name, ref });
  }
  return out.sort((a, b) => (a.fullName < b.fullName ? -1 : 1)); // the same seed gives the same commands whatever the list order
}

export async function runRandom(pair: Pair, seed: number, count: number): Promise<void> {
  const commands = await generatedCommands(pair);
  const gen = new CommandGenerator(seed, commands);
  const bar = new Progress('random', count);
  await pair.both(['FLUSHALL']);
  let inMulti = false;
  for (let i = 0; i < count; i++) {
    if (i % SESSION === 0) {
      inMulti = false;
      await pair.reconnect();
      if ((i / SESSION) % 2 === 1) await pair.run(['HELLO', '3'], `random #${i} (RESP3 session), seed ${seed}`, { kind: 'shape' });
    }
    let g = gen.next();
    // Inside MULTI the replies come back together in EXEC's, compared exactly: leave out what is compared loosely.
    while (inMulti && pair.ruleFor(g.args).kind !== 'exact') g = gen.next();
    const { args, settleMs } = g;
    const name = pair.fullName(args);
    if (name === 'multi') inMulti = true;
    else if (name === 'exec' || name === 'discard') inMulti = false;
    if (TOUCH_KEYS_BEFORE.has(pair.fullName(args))) await pair.both(['EXISTS', ...KEYS]);
    await pair.run(args, `random #${i}, seed ${seed}`);
    if (settleMs > 0) {
      // Wait for the tiny expiry to pass on both, then touch the keys so both delete them now, as
      // a later DBSIZE would otherwise depend on when each server's active expiry ran.
      await new Promise((r) => setTimeout(r, settleMs));
      await pair.both(['EXISTS', ...KEYS]);
    }
    bar.update(i + 1);
  }
  bar.end();
}
