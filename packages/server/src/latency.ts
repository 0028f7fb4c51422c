import { readFileSync } from 'node:fs';
import type { Command } from './command-table/types.js';
import type { Config } from './config/config.js';
import { LatencyHistogram } from './latency-histogram.js';
import { cFixed } from './util/printf.js';

// The latency monitor (latency.c): per event class ("command",
// "fast-command", "expire-cycle" …) the worst latency of each second, the
// last 160 seconds that had one, plus the all-time maximum. Samples are taken
// only while `latency-monitor-threshold` is set and reach it.
// Also the per-command latency histograms behind INFO latencystats and
// LATENCY HISTOGRAM (`latency-tracking`).

/** LATENCY_TS_LEN of latency.h. */
const TS_LEN = 160;

interface Sample {
  time: number;
  latency: number;
}

class TimeSeries {
  /** Ring buffer; time 0 marks a slot not used yet. */
  readonly samples: Sample[] = Array.from({ length: TS_LEN }, () => ({ time: 0, latency: 0 }));
  idx = 0;
  max = 0;

  /** Samples oldest first, skipping unused slots (latencyCommandReplyWithSamples). */
  ordered(): Sample[] {
    const out: Sample[] = [];
    for (let j = 0; j < TS_LEN; j++) {
      const s = this.samples[(this.idx + j) % TS_LEN]!;
      if (s.time !== 0) out.push(s);
    }
    return out;
  }

  get last(): Sample {
    return this.samples[(this.idx + TS_LEN - 1) % TS_LEN]!;
  }
}

export interface LatencyStats {
  readonly samples: number;
  readonly avg: number;
  readonly mad: number;
  readonly period: number;
  readonly allTimeHigh: number;
}

export class LatencyMonitor {
  private readonly events = new Map<string, TimeSeries>();
  private readonly histograms = new Map<Command, LatencyHistogram>();
  /** latency-monitor-threshold in ms (0: off). Kept here so the hot path reads a field, not the config. */
  threshold: number;
  /** latency-tracking. */
  tracking: boolean;
  /** latency-tracking-info-percentiles. */
  percentiles: number[];

  constructor(config: Config) {
    const percentiles = (v: string) => (v === '' ? [] : v.split(' ').map(Number));
    this.threshold = config.number('latency-monitor-threshold');
    this.tracking = config.bool('latency-tracking');
    this.percentiles = percentiles(config.get('latency-tracking-info-percentiles'));
    config.onChange('latency-monitor-threshold', (v) => (this.threshold = Number(v)));
    config.onChange('latency-tracking', (v) => (this.tracking = v === 'yes'));
    config.onChange('latency-tracking-info-percentiles', (v) => (this.percentiles = percentiles(v)));
  }

  /** latencyAddSampleIfNeeded. */
  addSampleIfNeeded(event: string, ms: number): void {
    if (this.threshold !== 0 && ms >= this.threshold) this.addSample(event, ms);
  }

  /** latencyAddSample: one sample per second per event, the worst of that second. */
  addSample(event: string, ms: number, now = Math.floor(Date.now() / 1000)): void {
    let ts = this.events.get(event);
    if (ts === undefined) this.events.set(event, (ts = new TimeSeries()));
    if (ms > ts.max) ts.max = ms;
    const prev = ts.last;
    if (prev.time === now) {
      if (ms > prev.latency) prev.latency = ms;
      return;
    }
    const slot = ts.samples[ts.idx]!;
    slot.time = now;
    slot.latency = ms;
    ts.idx = (ts.idx + 1) % TS_LEN;
  }

  /** LATENCY RESET [event]: how many event classes were dropped. Names compare case-insensitively, as strcasecmp. */
  reset(event?: string): number {
    if (event === undefined) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    const lower = event.toLowerCase();
    for (const name of [...this.events.keys()]) {
      if (name.toLowerCase() === lower) {
        this.events.delete(name);
        n++;
      }
    }
    return n;
  }

  /** LATENCY LATEST rows: event, time of the last sample, its latency, all-time max. */
  latest(): [string, number, number, number][] {
    return [...this.events].map(([name, ts]) => [name, ts.last.time, ts.last.latency, ts.max]);
  }

  /** LATENCY HISTORY rows (an exact, case-sensitive name, as dictFetchValue). */
  history(event: string): [number, number][] {
    return (this.events.get(event)?.ordered() ?? []).map((s) => [s.time, s.latency]);
  }

  get eventCount(): number {
    return this.events.size;
  }

  /** analyzeLatencyForEvent. */
  analyze(event: string, now = Math.floor(Date.now() / 1000)): LatencyStats {
    const ts = this.events.get(event);
    if (ts === undefined) return { samples: 0, avg: 0, mad: 0, period: 0, allTimeHigh: 0 };
    const samples = ts.samples.filter((s) => s.time !== 0);
    let sum = 0, oldest = 0;
    for (const s of samples) {
      sum += s.latency;
      if (oldest === 0 || s.time < oldest) oldest = s.time;
    }
    const avg = samples.length === 0 ? 0 : Math.floor(sum / samples.length);
    let period = samples.length === 0 ? 0 : now - oldest;
    if (samples.length !== 0 && period === 0) period = 1;
    let dev = 0;
    for (const s of samples) dev += Math.abs(avg - s.latency);
    const mad = samples.length === 0 ? 0 : Math.floor(dev / samples.length);
    return { samples: samples.length, avg, mad, period, allTimeHigh: ts.max };
  }

  /** LATENCY GRAPH: the event's samples as an ASCII sparkline (latencyCommandGenSparkeline). */
  graph(event: string, now = Math.floor(Date.now() / 1000)): string | undefined {
    const ts = this.events.get(event);
    if (ts === undefined) return undefined;
    const samples = ts.ordered();
    let min = 0, max = 0;
    const seq: { value: number; label: string }[] = [];
    for (const s of samples) {
      if (seq.length === 0) min = max = s.latency;
      else {
        if (s.latency > max) max = s.latency;
        if (s.latency < min) min = s.latency;
      }
      const elapsed = now - s.time;
      const label = elapsed < 60 ? `${elapsed}s` : elapsed < 3600 ? `${Math.floor(elapsed / 60)}m` : elapsed < 86400 ? `${Math.floor(elapsed / 3600)}h` : `${Math.floor(elapsed / 86400)}d`;
      seq.push({ value: s.latency, label });
    }
    let out = `${event} - high ${max} ms, low ${min} ms (all time high ${ts.max} ms)\n`;
    out += '-'.repeat(80) + '\n';
    return out + sparkline(seq, 80, 4);
  }

  /** Records a command's duration in its histogram (updateCommandLatencyHistogram, in ns). */
  recordCommand(command: Command, micros: number): void {
    let h = this.histograms.get(command);
    if (h === undefined) this.histograms.set(command, (h = new LatencyHistogram()));
    h.record(micros * 1000);
  }

  histogram(command: Command): LatencyHistogram | undefined {
    return this.histograms.get(command);
  }

  /** CONFIG RESETSTAT drops the histograms with the command stats. */
  resetHistograms(): void {
    this.histograms.clear();
  }

  /** LATENCY DOCTOR (createLatencyReport). */
  doctor(context: DoctorContext): string {
    return latencyReport(this, context);
  }

  eventNames(): string[] {
    return [...this.events.keys()];
  }
}

/** What the doctor's advice depends on besides the samples. */
export interface DoctorContext {
  readonly slowlogSlowerThan: number;
  readonly hz: number;
  readonly appendfsyncAlways: boolean;
}

/** How each event class shapes the advice (the per-event branches of createLatencyReport). */
const EVENT_ADVICE: Record<string, readonly Advice[]> = {
  'fast-command': ['scheduler'],
  'aof-write-pending-fsync': ['local_disk', 'disk_contention', 'ssd', 'data_writeback'],
  'aof-write-active-child': ['no_appendfsync', 'data_writeback', 'ssd'],
  'aof-write-alone': ['local_disk', 'data_writeback', 'ssd'],
  'aof-fsync-always': ['relax_fsync_policy'],
  'aof-fstat': ['disk_contention', 'local_disk'],
  'rdb-unlink-temp-file': ['disk_contention', 'local_disk'],
  'aof-rewrite-diff-write': ['write_load_info', 'data_writeback', 'ssd', 'local_disk'],
  'aof-rename': ['write_load_info', 'data_writeback', 'ssd', 'local_disk'],
  'expire-cycle': ['hz', 'large_objects'],
  'eviction-del': ['large_objects'],
  'eviction-cycle': ['mass_eviction'],
};

type Advice =
  | 'better_vm' | 'slowlog_enabled' | 'slowlog_tuning' | 'slowlog_inspect' | 'disk_contention' | 'scheduler'
  | 'data_writeback' | 'no_appendfsync' | 'local_disk' | 'ssd' | 'write_load_info' | 'hz' | 'large_objects'
  | 'mass_eviction' | 'relax_fsync_policy' | 'disable_thp';

function latencyReport(monitor: LatencyMonitor, ctx: DoctorContext): string {
  if (monitor.eventCount === 0 && monitor.threshold === 0) {
    return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
  }
  const advise = new Set<Advice>();
  let advices = 0;
  let report = '';
  let eventnum = 0;
  for (const event of monitor.eventNames()) {
    eventnum++;
    if (eventnum === 1) report += "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n";
    const ls = monitor.analyze(event);
    report += `${eventnum}. ${event}: ${ls.samples} latency spikes (average ${ls.avg}ms, mean deviation ${ls.mad}ms, period ${cFixed(ls.period / ls.samples, 2)} sec). Worst all time event ${ls.allTimeHigh}ms.`;
    const e = event.toLowerCase();
    if (e === 'command') {
      if (ctx.slowlogSlowerThan < 0) {
        advise.add('slowlog_enabled');
        advices++;
      } else if (Math.trunc(ctx.slowlogSlowerThan / 1000) > monitor.threshold) {
        advise.add('slowlog_tuning');
        advices++;
      }
      advise.add('slowlog_inspect');
      advise.add('large_objects');
      advices += 2;
    }
    for (const a of EVENT_ADVICE[e] ?? []) {
      advise.add(a);
      advices++;
    }
    report += '\n';
  }
  if (anonHugePages() > 0) {
    advise.add('disable_thp');
    advices++;
  }
  if (eventnum === 0 && advices === 0) {
    return report + 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n';
  }
  if (eventnum > 0 && advices === 0) {
    return report + "\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n";
  }
  report += '\nI have a few advices for you:\n\n';
  const threshold = monitor.threshold * 1000;
  if (advise.has('better_vm')) report += '- If you are using a virtual machine, consider upgrading it with a faster one using a hypervisior that provides less latency during fork() calls. Xen is known to have poor fork() performance. Even in the context of the same VM provider, certain kinds of instances can execute fork faster than others.\n';
  if (advise.has('slowlog_enabled')) report += `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${threshold}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
  if (advise.has('slowlog_tuning')) report += `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${threshold}'.\n`;
  if (advise.has('slowlog_inspect')) report += '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
  if (advise.has('scheduler')) {
    report += '- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n'
      + '  1) Lower the system load.\n'
      + '  2) Use a computer / VM just for Redis if you are running other software in the same system.\n'
      + '  3) Check if you have a "noisy neighbour" problem.\n'
      + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
      + '  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n';
  }
  if (advise.has('local_disk')) report += '- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote disks provided by platform-as-a-service providers are known to be slow.\n';
  if (advise.has('ssd')) report += '- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log rewriting (resulting in smaller memory usage and smaller final AOF rewrite buffer flushes). With extremely high write load SSD disks can be a good option. However Redis should perform reasonably with high load using normal disks. Use this advice as a last resort.\n';
  if (advise.has('data_writeback')) report += '- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to data=ordered, however this mode of operation provides less guarantees, and sometimes it can happen that after a hard crash the AOF file will have a half-written command at the end and will require to be repaired before Redis restarts.\n';
  if (advise.has('disk_contention')) report += '- Try to lower the disk contention. This is often caused by other disk intensive processes running in the same computer (including other Redis instances).\n';
  if (advise.has('no_appendfsync')) report += "- Assuming from the point of view of data safety this is viable in your environment, you could try to enable the 'no-appendfsync-on-rewrite' option, so that fsync will not be performed while there is a child rewriting the AOF file or producing an RDB file (the moment where there is high disk contention).\n";
  if (advise.has('relax_fsync_policy') && ctx.appendfsyncAlways) report += "- Your fsync policy is set to 'always'. It is very hard to get good performances with such a setup, if possible try to relax the fsync policy to 'onesec'.\n";
  if (advise.has('write_load_info')) report += '- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF file at the end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to get very large. If possible try to send less commands to accomplish the same work, or use Lua scripts to group multiple operations into a single EVALSHA call.\n';
  if (advise.has('hz') && ctx.hz < 100) report += "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n";
  if (advise.has('large_objects')) report += '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
  if (advise.has('mass_eviction')) report += "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n";
  if (advise.has('disable_thp')) report += "- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n";
  return report;
}

/** THPGetAnonHugePagesSize: AnonHugePages of this process, in bytes (0 where /proc is not there). */
export function anonHugePages(): number {
  try {
    const m = /^AnonHugePages:\s+(\d+) kB/m.exec(readFileSync('/proc/self/smaps_rollup', 'latin1'));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

// sparkline.c: samples drawn with "_o#" on `rows` rows (3 steps per row),
// labels written vertically below, `columns` samples per block.
const CHARSET_FILL = '_o#';

function sparkline(seq: readonly { value: number; label: string }[], columns: number, rows: number): string {
  let out = '';
  let min = 0, max = 0;
  seq.forEach((s, i) => {
    if (i === 0) min = max = s.value;
    else if (s.value < min) min = s.value;
    else if (s.value > max) max = s.value;
  });
  const labels = seq.filter((s) => s.label !== '').length;
  for (let j = 0; j < seq.length; j += columns) {
    if (j !== 0) out += '\n';
    out += sparklineRange(seq, min, max, labels, rows, j, Math.min(columns, seq.length - j));
  }
  return out;
}

function sparklineRange(
  seq: readonly { value: number; label: string }[], min: number, max: number, labels: number, rows: number, offset: number, len: number,
): string {
  let out = '';
  let relmax = max - min;
  if (relmax === 0) relmax = 1;
  const steps = CHARSET_FILL.length * rows;
  for (let row = 0, loop = true; loop; ) {
    loop = false;
    const chars = new Array<string>(len).fill(' ');
    for (let j = 0; j < len; j++) {
      const s = seq[j + offset]!;
      const relval = s.value - min;
      // (int)(relval*steps)/relmax, stored in an int.
      let step = Math.trunc(Math.trunc(relval * steps) / relmax);
      if (step < 0) step = 0;
      if (step >= steps) step = steps - 1;
      if (row < rows) {
        const charidx = step - (rows - row - 1) * CHARSET_FILL.length;
        loop = true;
        if (charidx >= 0 && charidx < CHARSET_FILL.length) chars[j] = CHARSET_FILL[charidx]!;
        else if (charidx >= CHARSET_FILL.length) chars[j] = '|';
      } else {
        // One blank line between the graph and the labels.
        if (labels !== 0 && row - rows < 1) {
          loop = true;
          break;
        }
        const labelChar = row - rows - 1;
        if (s.label.length > labelChar) {
          loop = true;
          chars[j] = s.label[labelChar]!;
        }
      }
    }
    if (loop) {
      row++;
      out += chars.join('') + '\n';
    }
  }
  return out;
}
