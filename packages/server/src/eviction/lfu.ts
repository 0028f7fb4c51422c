// Redis's LFU counter (evict.c). Under an LFU policy an object's 24-bit `lru`
// field holds the last decrement time in minutes (16 bits) and a logarithmic
// access counter (8 bits): each access bumps the counter with probability
// 1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1), and the counter loses
// one per lfu-decay-time minutes without access. New keys start at
// LFU_INIT_VAL so that they are not evicted before they had a chance.

export const LFU_INIT_VAL = 5;

/** LFUGetTimeInMinutes(): unix minutes in 16 bits. */
export function lfuMinutesAt(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 65535;
}

/** LFUTimeElapsed(): minutes since `ldt`, allowing for one wrap. */
export function lfuTimeElapsed(ldt: number, nowMinutes: number): number {
  return nowMinutes >= ldt ? nowMinutes - ldt : 65535 - ldt + nowMinutes;
}

/** LFUDecrAndReturn(): the counter of field `lru` after the decay due by now (nothing is stored). */
export function lfuDecrAndReturn(lru: number, nowMinutes: number, decayTime: number): number {
  const ldt = lru >>> 8;
  const counter = lru & 255;
  const periods = decayTime !== 0 ? Math.floor(lfuTimeElapsed(ldt, nowMinutes) / decayTime) : 0;
  if (periods === 0) return counter;
  return periods > counter ? 0 : counter - periods;
}

/** LFULogIncr(): the counter after one access; `r` is uniform in [0, 1). */
export function lfuLogIncr(counter: number, logFactor: number, r: number): number {
  if (counter === 255) return 255;
  const baseval = Math.max(0, counter - LFU_INIT_VAL);
  const p = 1 / (baseval * logFactor + 1);
  return r < p ? counter + 1 : counter;
}

/** updateLFU(): the field after an access now. */
export function lfuTouched(lru: number, nowMinutes: number, logFactor: number, decayTime: number): number {
  const counter = lfuLogIncr(lfuDecrAndReturn(lru, nowMinutes, decayTime), logFactor, Math.random());
  return (nowMinutes << 8) | counter;
}

/** A new object's field (createObject under an LFU policy), or one given a frequency (RESTORE … FREQ). */
export function lfuField(nowMinutes: number, counter = LFU_INIT_VAL): number {
  return (nowMinutes << 8) | counter;
}
