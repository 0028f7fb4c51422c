// A small terminal screen for the PTY tests: enough of a VT100/xterm to show
// what a person would see after kv-cli's output (cursor moves, line clears,
// wrapping, scrolling), and which cells were drawn in grey (hints).

interface Cell {
  ch: string;
  grey: boolean;
}

export class Screen {
  private grid: Cell[][];
  row = 0;
  col = 0;
  private grey = false;
  /** The next printable char goes to the next row first (xterm's deferred wrap). */
  private wrapPending = false;
  bells = 0;

  constructor(
    readonly cols = 80,
    readonly rows = 24,
  ) {
    this.grid = Array.from({ length: rows }, () => this.blankRow());
  }

  private blankRow(): Cell[] {
    return Array.from({ length: this.cols }, () => ({ ch: ' ', grey: false }));
  }

  private lineFeed(): void {
    if (this.row === this.rows - 1) {
      this.grid.shift();
      this.grid.push(this.blankRow());
    } else this.row++;
  }

  write(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i]!;
      if (c === '\x1b') {
        const m = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(data.slice(i));
        if (!m) continue;
        i += m[0].length - 1;
        this.csi(m[1]!, m[2]!);
      } else if (c === '\r') {
        this.col = 0;
        this.wrapPending = false;
      } else if (c === '\n') {
        this.lineFeed();
        this.wrapPending = false;
      } else if (c === '\b') {
        if (this.col > 0) this.col--;
      } else if (c === '\x07') this.bells++;
      else if (c >= ' ') {
        if (this.wrapPending) {
          this.col = 0;
          this.lineFeed();
          this.wrapPending = false;
        }
        this.grid[this.row]![this.col] = { ch: c, grey: this.grey };
        if (this.col === this.cols - 1) this.wrapPending = true;
        else this.col++;
      }
    }
  }

  private csi(params: string, final: string): void {
    const nums = params.split(';').map((p) => (p === '' ? NaN : Number(p)));
    const n = Number.isNaN(nums[0]!) ? 1 : nums[0]!;
    this.wrapPending = false;
    switch (final) {
      case 'A': this.row = Math.max(0, this.row - n); break;
      case 'B': this.row = Math.min(this.rows - 1, this.row + n); break;
      case 'C': this.col = Math.min(this.cols - 1, this.col + n); break;
      case 'D': this.col = Math.max(0, this.col - n); break;
      case 'G': this.col = Math.max(0, (Number.isNaN(nums[0]!) ? 1 : nums[0]!) - 1); break;
      case 'H': this.row = 0; this.col = 0; break;
      case 'J': if (nums[0] === 2) this.grid = Array.from({ length: this.rows }, () => this.blankRow()); break;
      case 'K': {
        const line = this.grid[this.row]!;
        const from = nums[0] === 2 ? 0 : this.col;
        for (let j = from; j < this.cols; j++) line[j] = { ch: ' ', grey: false };
        break;
      }
      case 'm': {
        // Grey is 90 (or 2, dim), taken in order: "0;90;49" resets, then greys.
        for (const p of params === '' ? [0] : nums) {
          if (p === 90 || p === 2) this.grey = true;
          else if (p === 0 || p === 39) this.grey = false;
        }
        break;
      }
    }
  }

  /** The visible text of a row, without trailing blanks. */
  line(r: number): string {
    return this.grid[r]!.map((c) => c.ch).join('').trimEnd();
  }

  /** The text of a row that is not grey: what was typed, without the hint. */
  typed(r: number): string {
    return this.grid[r]!.filter((c) => !c.grey).map((c) => c.ch).join('').trimEnd();
  }

  /** The grey text of a row. */
  greyText(r: number): string {
    return this.grid[r]!.filter((c) => c.grey).map((c) => c.ch).join('');
  }

  lines(): string[] {
    const out = this.grid.map((_, r) => this.line(r));
    while (out.length && out[out.length - 1] === '') out.pop();
    return out;
  }

  text(): string {
    return this.lines().join('\n');
  }
}
