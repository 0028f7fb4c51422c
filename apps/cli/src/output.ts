// Where kv-cli writes. A small seam so that the modes print through one place
// and the program can wait for stdout to drain before it exits.

export interface Output {
  out(data: Buffer | string): void;
  err(text: string): void;
}

export const stdio: Output = {
  out: (data) => void process.stdout.write(data),
  err: (text) => void process.stderr.write(text),
};

/** Resolves once everything written to stdout and stderr has been handed to the OS. */
export function flushed(): Promise<void> {
  const drain = (s: NodeJS.WriteStream) => new Promise<void>((resolve) => (s.writableNeedDrain ? s.once('drain', resolve) : resolve()));
  return Promise.all([drain(process.stdout), drain(process.stderr)]).then(() => undefined);
}

/** Exits with `code` after the output is flushed. */
export async function exit(code: number): Promise<never> {
  await flushed();
  process.exit(code);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
