// The progress bar of --pipe, drawn on stderr when it is a terminal and
// redrawn at most ten times a second: bytes sent (and a bar when the input
// is a file of known size), replies and errors so far.

export class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly total: number | undefined,
  ) {}

  update(sent: number, replies: number, errors: number): void {
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.out.write(`\r\x1b[2K${progressLine(sent, this.total, replies, errors, this.out.columns || 80)}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function progressLine(sent: number, total: number | undefined, replies: number, errors: number, cols: number): string {
  const counts = ` ${humanBytes(sent)}${total ? ` / ${humanBytes(total)}` : ''} sent, ${replies} replies, ${errors} errors`;
  if (!total) return counts.trimStart();
  const share = Math.min(1, sent / total);
  const width = Math.max(10, Math.min(40, cols - counts.length - 8));
  const full = Math.round(share * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.floor(share * 100)).padStart(3)}%${counts}`;
}
