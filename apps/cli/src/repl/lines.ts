// Standard input that is not a terminal, read line by line as bytes (a
// latin1 string per line), as redis-cli reads commands piped into it.

export async function* stdinLines(input: NodeJS.ReadableStream = process.stdin): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('latin1');
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl);
      rest = rest.slice(nl + 1);
    }
  }
  if (rest !== '') yield rest;
}

/** All of standard input as bytes (-x). */
export async function readAllStdin(input: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of input) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(parts);
}
