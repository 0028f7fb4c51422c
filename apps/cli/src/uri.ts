// redis://[[user:]password@][host[:port]][/db], as redis-cli reads it
// (percent-decoding in the user info; rediss:// needs TLS, which kv-cli lacks).

export interface RedisUri {
  host?: string;
  port?: number;
  user?: string;
  auth?: string;
  db?: number;
}

function percentDecode(s: string): string | { error: string } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') {
      out += s[i];
      continue;
    }
    // redis-cli's check is one short: "%4" at the end reads the separator after it, which is not hex.
    if (s.length - i < 2) return { error: 'Incomplete URI encoding' };
    const hex = s.slice(i + 1, i + 3).toLowerCase();
    if (!/^[0-9a-f]{2}$/.test(hex)) return { error: 'Illegal character in URI encoding' };
    out += String.fromCharCode(parseInt(hex, 16));
    i += 2;
  }
  return out;
}

function leadingInt(s: string): number {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

export function parseRedisUri(uri: string): RedisUri | { error: string } {
  const scheme = 'redis://';
  if (uri.slice(0, 9).toLowerCase() === 'rediss://') return { error: 'rediss:// is only supported when redis-cli is compiled with OpenSSL' };
  if (uri.slice(0, scheme.length).toLowerCase() !== scheme) return { error: 'Invalid URI scheme' };
  let rest = uri.slice(scheme.length);
  const out: RedisUri = {};
  if (rest === '') return out;
  const at = rest.indexOf('@');
  if (at >= 0) {
    let userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) {
      const user = percentDecode(userinfo.slice(0, colon));
      if (typeof user !== 'string') return user;
      out.user = user;
      userinfo = userinfo.slice(colon + 1);
    }
    const auth = percentDecode(userinfo);
    if (typeof auth !== 'string') return auth;
    out.auth = auth;
    rest = rest.slice(at + 1);
  }
  if (rest === '') return out;
  const slash = rest.indexOf('/');
  const hostport = slash >= 0 ? rest.slice(0, slash) : rest;
  if (!rest.startsWith('/')) {
    const colon = hostport.indexOf(':');
    if (colon >= 0) {
      out.port = leadingInt(hostport.slice(colon + 1));
      out.host = hostport.slice(0, colon);
    } else out.host = hostport;
  }
  const path = slash >= 0 ? rest.slice(slash + 1) : '';
  if (path !== '') out.db = leadingInt(path);
  return out;
}
