import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, ConnectionError } from '../src/index.js';
import { freePort, haveRedis, startServer, type TestServer } from './servers.js';

// TLS against Debian's redis-server (built with TLS), with a throwaway
// self-signed certificate made by openssl for 127.0.0.1.

const haveOpenssl = spawnSync('openssl', ['version']).status === 0;

describe.skipIf(!haveRedis || !haveOpenssl)('TLS', () => {
  let dir: string;
  let server: TestServer;
  let ca: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kv-client-tls-'));
    const made = spawnSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ]);
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
    ca = readFileSync(path.join(dir, 'cert.pem'));
    const port = await freePort();
    server = await startServer('redis', [
      '--port', '0', '--tls-port', String(port), '--tls-cert-file', path.join(dir, 'cert.pem'), '--tls-key-file', path.join(dir, 'key.pem'),
      '--tls-ca-cert-file', path.join(dir, 'cert.pem'), '--tls-auth-clients', 'no',
    ], port);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects over TLS, in RESP2 and RESP3, with the CA given', async () => {
    for (const protocol of [2, 3] as const) {
      const c = await Client.connect({ port: server.port, tls: { ca }, protocol });
      expect(await c.set('secure', 'yes')).toBe('OK');
      expect(await c.get('secure')).toBe('yes');
      expect(await c.pipeline().incr('n').incr('n').exec()).toHaveLength(2);
      await c.quit();
    }
  });

  it('refuses a certificate it cannot verify', async () => {
    await expect(Client.connect({ port: server.port, tls: true, connectTimeout: 2000 })).rejects.toBeInstanceOf(ConnectionError);
  });

  it('accepts rediss:// URLs', async () => {
    const c = await Client.connect({ url: `rediss://127.0.0.1:${server.port}`, tls: { ca } });
    expect(await c.ping()).toBe('PONG');
    await c.quit();
  });
});
