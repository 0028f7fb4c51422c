import { LinkError } from '../net/connection.js';
import type { Reply } from '../net/reply.js';
import type { Output } from '../output.js';
import { sleep } from '../output.js';
import type { Session } from '../session.js';

// reconnectingRedisCommand: the long-running modes (--stat, --latency) ride
// out a server restart, showing "Reconnecting... N" once a second.

export async function reconnectingCall(session: Session, io: Output, args: string[]): Promise<Reply> {
  let tries = 0;
  for (;;) {
    if (session.conn && !session.conn.broken) {
      try {
        const r = await session.conn.call(...args);
        if (tries > 0) io.out('\r\x1b[0K');
        return r;
      } catch (err) {
        if (!(err instanceof LinkError)) throw err;
      }
    }
    io.out(`\r\x1b[0KReconnecting... ${++tries}\r`);
    session.close();
    await session.connect(false, true);
    await sleep(1000);
  }
}
