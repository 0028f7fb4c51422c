/** Server-wide counters shown by INFO stats and INFO errorstats. */
export class ServerStats {
  totalCommands = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  totalErrorReplies = 0;
  /** Error replies by their code (the first word: ERR, WRONGTYPE …). */
  readonly errorCodes = new Map<string, number>();
  private readonly opsSamples: number[] = [];
  private lastSampleAt = Date.now();
  private lastSampleCommands = 0;

  reset(): void {
    this.totalCommands = this.netInputBytes = this.netOutputBytes = this.totalErrorReplies = 0;
    this.errorCodes.clear();
    this.opsSamples.length = 0;
    this.lastSampleCommands = 0;
  }

  countError(message: string): void {
    this.totalErrorReplies++;
    const space = message.indexOf(' ');
    const code = space < 0 ? message : message.slice(0, space);
    this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
  }

  /** Called from the cron: keeps the last 16 samples of ops/sec, as Redis's STATS_METRIC_SAMPLES. */
  sampleOps(now: number): void {
    const dt = now - this.lastSampleAt;
    if (dt <= 0) return;
    this.opsSamples.push(((this.totalCommands - this.lastSampleCommands) * 1000) / dt);
    if (this.opsSamples.length > 16) this.opsSamples.shift();
    this.lastSampleAt = now;
    this.lastSampleCommands = this.totalCommands;
  }

  get instantaneousOps(): number {
    if (this.opsSamples.length === 0) return 0;
    return Math.round(this.opsSamples.reduce((a, b) => a + b, 0) / this.opsSamples.length);
  }
}
