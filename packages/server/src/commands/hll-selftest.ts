import { ErrorReply, SimpleString } from '@kv/resp';
import { HLL_REGISTERS, HyperLogLog } from '@kv/structures';
import type { Handler } from '../command-table/types.js';

// PFSELFTEST: Redis's internal checks of the HLL code, lighter here (100,000
// elements instead of 10 million, so the event loop is held briefly): the
// dense register packing, and sparse and dense counts agreeing and staying
// within the expected error.

const OK = new SimpleString('OK');
const ELEMENTS = 100_000;

/** Every register written with a pseudo-random value, then read back. */
function checkRegisters(): ErrorReply | null {
  const hll = HyperLogLog.create();
  hll.toDense();
  const expected = new Uint8Array(HLL_REGISTERS);
  let seed = 1;
  for (let round = 0; round < 10; round++) {
    for (let j = 0; j < HLL_REGISTERS; j++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const v = (seed >>> 16) & 63;
      expected[j] = v;
      hll.setRegister(j, v);
    }
    for (let j = 0; j < HLL_REGISTERS; j++) {
      const got = hll.register(j);
      if (got !== expected[j]) {
        return new ErrorReply(`TESTFAILED Register error at ${j}: ${got} instead of ${expected[j]}`);
      }
    }
  }
  return null;
}

/** One HLL started sparse (promoted on the way) and one dense must count alike, within 5 standard errors. */
function checkApproximation(): ErrorReply | null {
  const sparse = HyperLogLog.create();
  const dense = HyperLogLog.create();
  dense.toDense();
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  let checkpoint = 1;
  for (let j = 1; j <= ELEMENTS; j++) {
    const ele = `${j}`;
    sparse.add(ele);
    dense.add(ele);
    if (j !== checkpoint) continue;
    const a = sparse.count() ?? -1;
    const b = dense.count() ?? -1;
    if (a !== b) return new ErrorReply(`TESTFAILED cardinality mismatch: ${a} vs ${b}`);
    // Small cardinalities are exact; the bound widens as Redis's test allows.
    const maxerr = Math.max(1, Math.ceil(relerr * 5 * checkpoint));
    if (Math.abs(a - checkpoint) > maxerr) {
      return new ErrorReply(`TESTFAILED Too big error. card:${checkpoint} abserr:${Math.abs(a - checkpoint)}`);
    }
    checkpoint *= 10;
  }
  return null;
}

export const pfselftest: Handler = () => checkRegisters() ?? checkApproximation() ?? OK;
