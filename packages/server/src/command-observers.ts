import type { Client } from './client/client.js';
import type { Command } from './command-table/types.js';
import { redactedArgs } from './redact.js';

/**
 * What call() does in Redis 7.0 once a command has run, besides counting it:
 * a latency sample (`command` / `fast-command`), the slow log, the MONITOR
 * feed, the command's latency histogram. Called from dispatch with the
 * command's duration; every branch is a field test unless it is enabled.
 */
export function observeCommand(client: Client, command: Command, args: string[], micros: number): void {
  const kv = client.server;
  const latency = kv.latency;
  if (latency.threshold !== 0) {
    latency.addSampleIfNeeded(command.flagSet.has('fast') ? 'fast-command' : 'command', Math.floor(micros / 1000));
  }
  const slowlog = kv.slowlog;
  if (slowlog.slowerThan >= 0 && micros >= slowlog.slowerThan && !command.flagSet.has('skip_slowlog')) {
    slowlog.push(redactedArgs(command.fullName, args), micros, client.transport.remoteAddress, client.name);
  }
  // Administrative commands are considered too dangerous to be shown (CMD_ADMIN), scripts show their own calls.
  if (kv.monitors.size !== 0 && !command.flagSet.has('admin') && !command.flagSet.has('skip_monitor')) {
    kv.monitors.feed(client, redactedArgs(command.fullName, args));
  }
  if (latency.tracking) latency.recordCommand(command, micros);
}
