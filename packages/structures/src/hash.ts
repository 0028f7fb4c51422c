// A fast 32-bit hash for latin1 strings, seeded once per process as Redis
// seeds siphash, so that an attacker cannot precompute keys that all land
// in one bucket of every kv server.

const processSeed = (Math.random() * 0x100000000) >>> 0;

/** FNV-1a over the chars, then murmur3's finalizer so the low bits (the bucket index) mix well. */
export function hashString(s: string, seed: number = processSeed): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// The tables of a database (values, access, keys, expires) are asked about
// the same key one after another: its hash is worked out once.
let lastKey = '';
let lastHash = hashString('');

/** hashString with the process seed, remembering the last key asked about. */
export function hashKey(s: string): number {
  if (s === lastKey) return lastHash;
  lastKey = s;
  return (lastHash = hashString(s));
}
