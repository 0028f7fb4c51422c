// Redis's LRU clock (evict.c): seconds, kept in the 24 bits of an object's
// `lru` field, so it wraps every 194 days; idle times are read modulo that.

/** LRU_CLOCK_MAX: the field's 24 bits. */
export const LRU_CLOCK_MAX = (1 << 24) - 1;

/** getLRUClock(): unix seconds in 24 bits (LRU_CLOCK_RESOLUTION is 1000 ms). */
export function lruClockAt(nowMs: number): number {
  return Math.floor(nowMs / 1000) & LRU_CLOCK_MAX;
}

/** estimateObjectIdleTime(): milliseconds since `lru`, allowing for one wrap of the clock. */
export function idleMs(lru: number, clock: number): number {
  return (clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru)) * 1000;
}

/**
 * objectSetLRUOrLFU's LRU half (RESTORE … IDLETIME, the RDB IDLE opcode):
 * the field that makes the idle time `seconds`; an underflow of the wrapping
 * clock gives a field half-way round, so the key still looks long idle.
 */
export function lruForIdle(seconds: number, clock: number): number {
  const abs = clock - seconds;
  return abs >= 0 ? abs : (clock + Math.floor(LRU_CLOCK_MAX / 2)) % LRU_CLOCK_MAX;
}
