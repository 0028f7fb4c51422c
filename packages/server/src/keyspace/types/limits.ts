import type { Config } from '../../config/config.js';
import type { HashLimits } from './hash-value.js';
import type { ZSetLimits } from './zset-value.js';

// The encoding thresholds of the compact forms, read from the config each
// time a command needs them (CONFIG SET changes them at any moment).

export function hashLimits(config: Config): HashLimits {
  return { maxEntries: config.number('hash-max-listpack-entries'), maxValue: config.number('hash-max-listpack-value') };
}

export function zsetLimits(config: Config): ZSetLimits {
  return { maxListpackEntries: config.number('zset-max-listpack-entries'), maxListpackValue: config.number('zset-max-listpack-value') };
}

/** set-max-intset-entries. */
export function maxIntsetEntries(config: Config): number {
  return config.number('set-max-intset-entries');
}
