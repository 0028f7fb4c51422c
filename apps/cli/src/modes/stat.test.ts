import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';
import { STAT_HEADER, bytesToHuman, infoField, infoLong, statLine } from './stat.js';

const INFO =
  '# Server\r\nredis_version:7.0.15\r\n# Clients\r\nconnected_clients:3\r\nblocked_clients:1\r\n# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n' +
  '# Persistence\r\nloading:0\r\nbgsave_in_progress:1\r\naof_rewrite_in_progress:0\r\n# Stats\r\ntotal_connections_received:12\r\ntotal_commands_processed:1500\r\n' +
  '# Keyspace\r\ndb0:keys=10,expires=0,avg_ttl=0\r\ndb11:keys=5,expires=1,avg_ttl=3\r\n';

describe('--stat', () => {
  it('finds INFO fields as redis-cli does (first match, up to "," or CR)', () => {
    expect(infoField(INFO, 'used_memory')).toBe('1048576');
    expect(infoField(INFO, 'db0:keys')).toBe('10');
    expect(infoLong(INFO, 'db1:keys')).toBeUndefined();
    expect(infoLong(INFO, 'db11:keys')).toBe(5);
  });

  it('bytesToHuman', () => {
    expect([0, 1023, 1024, 1536, 1048576, 5 * 1024 ** 3, -2048].map(bytesToHuman)).toEqual(['0B', '1023B', '1.00K', '1.50K', '1.00M', '5.00G', '-2.00K']);
  });

  it('lays a line out in redis-cli\'s columns', () => {
    expect(STAT_HEADER.split('\n')[1]).toBe('keys       mem      clients blocked requests            connections          ');
    const first = statLine(INFO, 0);
    expect(first.line).toBe('15         1.00M    3       1       1500 (+0)           12          SAVE');
    expect(statLine(INFO.replace('1500', '1620'), first.requests).line).toContain('1620 (+120)');
  });
});

describe('--pipe progress bar', () => {
  it('shows a bar when the input size is known, counts otherwise', () => {
    const line = progressLine(512, 2048, 10, 1, 80);
    expect(line).toBe(`[${'#'.repeat(7)}${'.'.repeat(22)}]  25% 512 B / 2.0 KiB sent, 10 replies, 1 errors`);
    expect(line.length).toBeLessThan(80);
    expect(progressLine(4096, 2048, 0, 0, 200)).toMatch(/^\[#{40}\] 100% /);
    expect(progressLine(3 * 1024 * 1024, undefined, 7, 0, 80)).toBe('3.0 MiB sent, 7 replies, 0 errors');
  });
});
