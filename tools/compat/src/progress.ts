/** A one-line progress bar on a terminal; nothing when the output is piped. */
export class Progress {
  private shown = -1;

  constructor(private readonly label: string, private readonly total: number, private readonly tty = process.stdout.isTTY === true) {}

  update(done: number): void {
    if (!this.tty || this.total === 0) return;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    const percent = Math.floor((done / this.total) * 100);
    if (percent === this.shown && done !== this.total) return;
    this.shown = percent;
    process.stdout.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total}`);
  }

  /** Clears the bar so that the next line starts clean. */
  end(): void {
    if (this.tty && this.total > 0) process.stdout.write('\r\x1b[K');
  }
}
