// What both generators need: a scratch Debian redis-server to ask (on a free
// loopback port, in a temp dir, stopped by PID afterwards) and a pipelining
// connection to it that parses RESP2 and, after HELLO 3, RESP3.
import { ReplyParser, encodeCommand, type RespValue } from '@kv/resp';
import { startRedisServer } from '@kv/test-servers';
import { connect, type Socket } from 'node:net';

export class RedisConn {
  private readonly parser = new ReplyParser();
  private readonly waiting: ((v: RespValue) => void)[] = [];
  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.parser.push(chunk);
      for (let v = this.parser.next(); v !== undefined; v = this.parser.next()) this.waiting.shift()!(v);
    });
  }

  call(...args: string[]): Promise<RespValue> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.socket.write(encodeCommand(args));
    });
  }
}

/** Runs `job` with a connection to a fresh redis-server; the server is stopped afterwards, also on failure. */
export async function withScratchRedis<T>(job: (conn: RedisConn) => Promise<T>): Promise<T> {
  const redis = await startRedisServer({ dirPrefix: 'kv-gen-redis-' });
  try {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(redis.port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    try {
      return await job(new RedisConn(socket));
    } finally {
      socket.destroy();
    }
  } finally {
    await redis.stop();
  }
}
