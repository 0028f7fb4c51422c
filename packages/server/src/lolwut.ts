import { REDIS_VERSION } from './version.js';

// LOLWUT's computer art (lolwut.c, lolwut5.c, lolwut6.c), drawn the way
// Redis draws it, C float arithmetic included (Math.fround where C keeps a
// float), so where no random number is involved the picture is Redis's to
// the byte. Replies are byte strings: the Braille characters are UTF-8.

/** A canvas of pixels; reads outside it are 0, writes outside it are dropped. */
class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: number,
  ) {
    this.pixels = new Uint8Array(Math.max(0, width * height)).fill(background);
  }

  draw(x: number, y: number, color: number): void {
    if (x < 0 || x >= this.width || y < 0 || y >= this.height) return;
    this.pixels[x + y * this.width] = color;
  }

  get(x: number, y: number): number {
    if (x < 0 || x >= this.width || y < 0 || y >= this.height) return 0;
    return this.pixels[x + y * this.width]!;
  }

  /** Bresenham, as lwDrawLine. */
  line(x1: number, y1: number, x2: number, y2: number, color: number): void {
    const dx = Math.abs(x2 - x1), dy = Math.abs(y2 - y1);
    const sx = x1 < x2 ? 1 : -1, sy = y1 < y2 ? 1 : -1;
    let err = dx - dy;
    for (;;) {
      this.draw(x1, y1, color);
      if (x1 === x2 && y1 === y2) break;
      const e2 = err * 2;
      if (e2 > -dy) {
        err -= dy;
        x1 += sx;
      }
      if (e2 < dx) {
        err += dx;
        y1 += sy;
      }
    }
  }

  /** lwDrawSquare: a square of side `size` centred at x,y, rotated by `angle` (floats as in C). */
  square(x: number, y: number, size: number, angle: number, color: number): void {
    let s = Math.fround(size / 1.4142135623);
    s = Math.fround(cRound(s));
    let k = Math.fround(Math.PI / 4 + angle);
    const px: number[] = [], py: number[] = [];
    for (let j = 0; j < 4; j++) {
      px.push(cRound(Math.sin(k) * s + x));
      py.push(cRound(Math.cos(k) * s + y));
      k = Math.fround(k + Math.PI / 2);
    }
    for (let j = 0; j < 4; j++) this.line(px[j]!, py[j]!, px[(j + 1) % 4]!, py[(j + 1) % 4]!, color);
  }
}

/** C's round(): halves away from zero. */
function cRound(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/** rand(): 0 … RAND_MAX. */
const RAND_MAX = 2147483647;
function rand(): number {
  return Math.floor(Math.random() * (RAND_MAX + 1));
}

/** C's int division. */
function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

const latin1OfUtf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

/** Georg Nees' Schotter (LOLWUT 5): squares more and more disordered going down. */
export function lolwut5(cols: number, squaresPerRow: number, squaresPerCol: number): string {
  cols = clamp(cols, 1, 1000);
  squaresPerRow = clamp(squaresPerRow, 1, 200);
  squaresPerCol = clamp(squaresPerCol, 1, 200);
  const f = Math.fround;
  const width = cols * 2;
  const padding = width > 4 ? 2 : 0;
  const side = f((width - padding * 2) / squaresPerRow);
  const height = Math.trunc(f(f(side * squaresPerCol) + padding * 2));
  const canvas = new Canvas(width, height, 0);
  for (let y = 0; y < squaresPerCol; y++) {
    for (let x = 0; x < squaresPerRow; x++) {
      let sx = Math.trunc(f(f(f(x * side) + f(side / 2)) + padding));
      let sy = Math.trunc(f(f(f(y * side) + f(side / 2)) + padding));
      let angle = 0;
      if (y > 1) {
        let r1 = f(f(f(f(rand()) / f(RAND_MAX)) / squaresPerCol) * y);
        let r2 = f(f(f(f(rand()) / f(RAND_MAX)) / squaresPerCol) * y);
        let r3 = f(f(f(f(rand()) / f(RAND_MAX)) / squaresPerCol) * y);
        if (rand() % 2) r1 = -r1;
        if (rand() % 2) r2 = -r2;
        if (rand() % 2) r3 = -r3;
        angle = r1;
        sx = Math.trunc(f(sx + f(f(r2 * side) / 3)));
        sy = Math.trunc(f(sy + f(f(r3 * side) / 3)));
      }
      canvas.square(sx, sy, side, angle, 1);
    }
  }
  let text = '';
  for (let y = 0; y < canvas.height; y += 4) {
    for (let x = 0; x < canvas.width; x += 2) {
      // Braille dots: 0 3 / 1 4 / 2 5 / 6 7.
      let byte = 0;
      if (canvas.get(x, y)) byte |= 1 << 0;
      if (canvas.get(x, y + 1)) byte |= 1 << 1;
      if (canvas.get(x, y + 2)) byte |= 1 << 2;
      if (canvas.get(x + 1, y)) byte |= 1 << 3;
      if (canvas.get(x + 1, y + 1)) byte |= 1 << 4;
      if (canvas.get(x + 1, y + 2)) byte |= 1 << 5;
      if (canvas.get(x, y + 3)) byte |= 1 << 6;
      if (canvas.get(x + 1, y + 3)) byte |= 1 << 7;
      text += String.fromCharCode(0x2800 + byte);
    }
    if (y !== canvas.height - 1) text += '\n';
  }
  return latin1OfUtf8(text) + `\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. ${REDIS_VERSION}\n`;
}

/** A skyline of 8-bit games (LOLWUT 6), in four grays of terminal colors. */
export function lolwut6(cols: number, rows: number): string {
  cols = clamp(cols, 1, 1000);
  rows = clamp(rows, 1, 1000);
  const canvas = new Canvas(cols, rows, 3);
  skyline(canvas);
  const colors = ['0;30;40m', '0;90;100m', '0;37;47m', '0;97;107m'];
  let text = '';
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) text += `\x1b[${colors[canvas.get(x, y)] ?? colors[0]} \x1b[0m`;
    if (y !== canvas.height - 1) text += '\n';
  }
  return text + `\nDedicated to the 8 bit game developers of past and present.\nOriginal 8 bit image from Plaguemon by hikikomori. Redis ver. ${REDIS_VERSION}\n`;
}

interface Skyscraper {
  xoff: number;
  width: number;
  height: number;
  windows: boolean;
  color: number;
}

function skyscraper(canvas: Canvas, si: Skyscraper): void {
  const starty = canvas.height - 1;
  const endy = starty - si.height + 1;
  for (let y = starty; y >= endy; y--) {
    for (let x = si.xoff; x < si.xoff + si.width; x++) {
      // The roof is four pixels narrower.
      if (y === endy && (x <= si.xoff + 1 || x >= si.xoff + si.width - 2)) continue;
      let color = si.color;
      if (si.windows && x > si.xoff + 1 && x < si.xoff + si.width - 2 && y > endy + 1 && y < starty - 1) {
        const relx = x - (si.xoff + 1);
        const rely = y - (endy + 1);
        // Windows two pixels wide and one tall: terminal "pixels" are not square.
        if (idiv(relx, 2) % 2 && rely % 2) {
          do color = 1 + (rand() % 2);
          while (color === si.color);
          if (relx % 2) color = canvas.get(x - 1, y);
        }
      }
      canvas.draw(x, y, color);
    }
  }
}

function skyline(canvas: Canvas): void {
  const h = canvas.height;
  // Background buildings first, lighter ones behind, then the foreground with windows.
  for (let color = 2; color >= 1; color--) {
    for (let offset = -10; offset < canvas.width; ) {
      offset += rand() % 8;
      const width = 10 + (rand() % 9);
      const height = color === 2 ? idiv(h, 2) + idiv(rand() % h, 2) : idiv(h, 2) + idiv(rand() % h, 3);
      skyscraper(canvas, { xoff: offset, width, height, windows: false, color });
      offset += color === 2 ? idiv(width, 2) : width + 1;
    }
  }
  for (let offset = -10; offset < canvas.width; ) {
    offset += rand() % 8;
    let width = 5 + (rand() % 14);
    if (width % 4) width += width % 3;
    const height = idiv(h, 3) + idiv(rand() % h, 2);
    skyscraper(canvas, { xoff: offset, width, height, windows: true, color: 0 });
    offset += width + 5;
  }
}

/** LOLWUT of a version with no art of its own (lolwutUnstableCommand). */
export function lolwutPlain(): string {
  return `Redis ver. ${REDIS_VERSION}\n`;
}

function clamp(v: number, min: number, max: number): number {
  return v < min ? min : v > max ? max : v;
}
