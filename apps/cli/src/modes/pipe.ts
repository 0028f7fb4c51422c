import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fstatSync } from 'node:fs';
import type { CliConfig } from '../args.js';
import type { Connection } from '../net/connection.js';
import { replyText } from '../net/reply.js';
import { exit, type Output } from '../output.js';
import { ProgressBar } from './progress.js';

// --pipe: mass insertion. Standard input (RESP or inline commands) is copied
// to the server as it comes while replies are counted; error replies are
// printed on stderr. At the end an ECHO of 20 random bytes is sent, and its
// reply marks the moment every earlier reply has arrived. The last lines are
// redis-cli's: "All data transferred...", "errors: E, replies: R". On a
// terminal stderr shows a progress bar meanwhile.

export async function pipeMode(conn: Connection, config: CliConfig, io: Output, input: NodeJS.ReadableStream = process.stdin): Promise<never> {
  const magic = randomBytes(20);
  const magicText = magic.toString('latin1');
  let errors = 0;
  let replies = 0;
  let eof = false;
  let lastRead = Date.now();
  let sent = 0;
  let magicSeen = false;
  let timedOut = false;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));

  const bar = process.stderr.isTTY ? new ProgressBar(process.stderr, inputSize()) : undefined;
  const update = () => bar?.update(sent, replies, errors);

  conn.onReply = (r) => {
    lastRead = Date.now();
    if (r.type === 'error') {
      bar?.clear();
      io.err(`${replyText(r)}\n`);
      errors++;
    } else if (eof && r.type === 'string' && r.value === magicText) {
      bar?.clear();
      io.out('Last reply received from server.\n');
      magicSeen = true;
      finished();
      return;
    }
    replies++;
    if (!magicSeen) update();
  };
  conn.onClose(() => {
    // The server hung up (a protocol error in the input, say) before the last reply.
    bar?.clear();
    finished();
  });

  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    sent += bytes.length;
    update();
    if (conn.broken) break;
    if (!conn.writeRaw(bytes)) await Promise.race([once(conn.socket, 'drain'), done]);
  }
  eof = true;
  // The leading CRLF resynchronises the protocol if the input ended mid-command.
  conn.writeRaw(Buffer.concat([Buffer.from('\r\n*2\r\n$4\r\nECHO\r\n$20\r\n'), magic, Buffer.from('\r\n')]));
  bar?.clear();
  io.out('All data transferred. Waiting for the last reply...\n');

  const timeoutMs = config.pipeTimeout * 1000;
  const watchdog = setInterval(() => {
    if (timeoutMs > 0 && Date.now() - lastRead > timeoutMs) {
      io.err(`No replies for ${config.pipeTimeout} seconds: exiting.\n`);
      errors++;
      timedOut = true;
      finished();
    }
  }, 1000);
  await done;
  clearInterval(watchdog);
  bar?.clear();
  // Like redis-cli, a link that failed before the last reply ends the program without the summary.
  if (!magicSeen && !timedOut) return exit(1);
  io.out(`errors: ${errors}, replies: ${replies}\n`);
  return exit(errors ? 1 : 0);
}

/** The size of standard input when it is a file (for the progress bar), else undefined. */
function inputSize(): number | undefined {
  try {
    const st = fstatSync(0);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}
