// maxmemory-policy as Redis's flags (server.h MAXMEMORY_FLAG_*): which keys
// are candidates (all, or only those with a TTL) and how they are ranked.

export type PolicyName =
  | 'volatile-lru' | 'volatile-lfu' | 'volatile-random' | 'volatile-ttl'
  | 'allkeys-lru' | 'allkeys-lfu' | 'allkeys-random' | 'noeviction';

export type Ranking = 'lru' | 'lfu' | 'ttl' | 'random' | 'none';

export interface Policy {
  readonly name: PolicyName;
  readonly ranking: Ranking;
  /** MAXMEMORY_FLAG_ALLKEYS: every key is a candidate, not only keys with a TTL. */
  readonly allKeys: boolean;
}

export function parsePolicy(name: string): Policy {
  const n = name as PolicyName;
  if (n === 'noeviction') return { name: n, ranking: 'none', allKeys: false };
  const [scope, ranking] = n.split('-') as ['volatile' | 'allkeys', Ranking];
  return { name: n, ranking, allKeys: scope === 'allkeys' };
}

/** Policies that rank keys from a pool of samples (LRU, LFU, TTL), as opposed to random picks. */
export function usesPool(p: Policy): boolean {
  return p.ranking === 'lru' || p.ranking === 'lfu' || p.ranking === 'ttl';
}
