/** kv's own version. */
export const KV_VERSION = '0.1.0';
/** The Redis version kv behaves as; clients gate features on it. */
export const REDIS_VERSION = '7.0.15';
