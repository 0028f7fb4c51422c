/** Server-wide counters shown by INFO stats and INFO errorstats. */
export class ServerStats {
  totalCommands = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  totalErrorReplies = 0;
  /** Socket reads and writes (total_reads_processed / total_writes_processed), counted by the connection layer. */
  totalReadsProcessed = 0;
  totalWritesProcessed = 0;
  /** Error replies by their code (the first word: ERR, WRONGTYPE …). */
  readonly errorCodes = new Map<string, number>();
  private readonly opsSamples: number[] = [];
  /** Bytes per second in and out, sampled with the ops (instantaneous_input_kbps / output_kbps). */
  private readonly inputSamples: number[] = [];
  private readonly outputSamples: number[] = [];
  private lastSampleInput = 0;
  private lastSampleOutput = 0;
  private lastSampleAt = Date.now();
  private lastSampleCommands = 0;

  reset(): void {
    this.totalCommands = this.netInputBytes = this.netOutputBytes = this.totalErrorReplies = 0;
    this.errorCodes.clear();
    this.opsSamples.length = 0;
    this.lastSampleCommands = 0;
    this.totalReadsProcessed = this.totalWritesProcessed = 0;
    this.inputSamples.length = this.outputSamples.length = 0;
    this.lastSampleInput = this.lastSampleOutput = 0;
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
    this.inputSamples.push(((this.netInputBytes - this.lastSampleInput) * 1000) / dt);
    if (this.inputSamples.length > 16) this.inputSamples.shift();
    this.outputSamples.push(((this.netOutputBytes - this.lastSampleOutput) * 1000) / dt);
    if (this.outputSamples.length > 16) this.outputSamples.shift();
    this.lastSampleInput = this.netInputBytes;
    this.lastSampleOutput = this.netOutputBytes;
    this.lastSampleAt = now;
    this.lastSampleCommands = this.totalCommands;
  }

  get instantaneousInputKbps(): number {
    return average(this.inputSamples) / 1024;
  }

  get instantaneousOutputKbps(): number {
    return average(this.outputSamples) / 1024;
  }

  get instantaneousOps(): number {
    if (this.opsSamples.length === 0) return 0;
    return Math.round(this.opsSamples.reduce((a, b) => a + b, 0) / this.opsSamples.length);
  }
}

function average(samples: readonly number[]): number {
  return samples.length === 0 ? 0 : samples.reduce((a, b) => a + b, 0) / samples.length;
}
