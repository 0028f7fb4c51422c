// --askpass: reads a password from the terminal, echoing '*' per character
// (linenoise's mask mode). Without a terminal, the first line of stdin.

export function askPassword(message: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): Promise<string> {
  return new Promise((resolve) => {
    output.write(message);
    let text = '';
    const tty = input.isTTY === true;
    if (tty) input.setRawMode(true);
    const done = () => {
      input.off('data', onData);
      if (tty) input.setRawMode(false);
      input.pause();
      output.write('\n');
      resolve(text);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\x03' || ch === '\x04') {
          text = '';
          return done();
        }
        if (ch === '\x7f' || ch === '\b') {
          if (text.length > 0) {
            text = text.slice(0, -1);
            if (tty) output.write('\b \b');
          }
        } else {
          text += ch;
          if (tty) output.write('*');
        }
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
