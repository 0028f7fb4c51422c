import { ErrorReply, MapReply, VerbatimReply, type RespValue } from '@kv/resp';
import type { Command, Handler } from '../command-table/types.js';
import type { KvServer } from '../kv-server.js';
import type { LatencyHistogram } from '../latency-histogram.js';
import { cstr } from '../util/c-string.js';
import { helpReply } from './help.js';

// LATENCY LATEST / HISTORY / GRAPH / DOCTOR / RESET / HISTOGRAM / HELP
// (latency.c); the samples and histograms are src/latency.ts.

const latest: Handler = (client) => client.server.latency.latest();

const history: Handler = (client, args) => client.server.latency.history(cstr(args[2]!));

const graph: Handler = (client, args) => {
  const text = client.server.latency.graph(args[2]!);
  if (text === undefined) return new ErrorReply(`ERR No samples available for event '${cstr(args[2]!)}'`);
  return new VerbatimReply('txt', text);
};

const doctor: Handler = (client) => {
  const kv = client.server;
  return new VerbatimReply('txt', kv.latency.doctor({
    slowlogSlowerThan: kv.slowlog.slowerThan,
    hz: kv.config.number('hz'),
    appendfsyncAlways: kv.config.get('appendfsync') === 'always',
  }));
};

const reset: Handler = (client, args) => {
  const latency = client.server.latency;
  if (args.length === 2) return latency.reset();
  let n = 0;
  for (const event of args.slice(2)) n += latency.reset(cstr(event));
  return n;
};

/** fillCommandCDF: calls and the cumulative distribution by power-of-two microsecond buckets. */
function cdf(h: LatencyHistogram): RespValue {
  const buckets: RespValue[] = [];
  for (const [micros, count] of h.cumulative()) buckets.push(micros, count);
  return new MapReply(['calls', h.totalCount, 'histogram_usec', new MapReply(buckets)]);
}

/** The command and its subcommands that have histograms, as name / distribution pairs. */
function commandCdfs(kv: KvServer, command: Command, out: RespValue[]): void {
  const own = kv.latency.histogram(command);
  if (own !== undefined) out.push(command.fullName, cdf(own));
  if (command.subcommands !== undefined) {
    for (const sub of command.subcommands.values()) {
      const h = kv.latency.histogram(sub);
      if (h !== undefined) out.push(sub.fullName, cdf(h));
    }
  }
}

/** LATENCY HISTOGRAM [command …]: every command with samples, or the ones named (`config|get` for one subcommand). */
const histogram: Handler = (client, args) => {
  const kv = client.server;
  const out: RespValue[] = [];
  if (args.length === 2) {
    for (const c of kv.commands.commands()) commandCdfs(kv, c, out);
  } else {
    for (const name of args.slice(2)) {
      const c = kv.commands.lookupFullName(name);
      if (c !== undefined) commandCdfs(kv, c, out);
    }
  }
  return new MapReply(out);
};

const help: Handler = () =>
  helpReply('LATENCY', [
    'DOCTOR',
    '    Return a human readable latency analysis report.',
    'GRAPH <event>',
    '    Return an ASCII latency graph for the <event> class.',
    'HISTORY <event>',
    '    Return time-latency samples for the <event> class.',
    'LATEST',
    '    Return the latest latency samples for all events.',
    'RESET [<event> ...]',
    '    Reset latency data of one or more <event> classes.',
    '    (default: reset all data for all event classes)',
    'HISTOGRAM [COMMAND ...]',
    '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
    '    If no commands are specified then all histograms are replied.',
  ]);

export const LATENCY_HANDLERS: Record<string, Handler> = {
  'latency|latest': latest,
  'latency|history': history,
  'latency|graph': graph,
  'latency|doctor': doctor,
  'latency|reset': reset,
  'latency|histogram': histogram,
  'latency|help': help,
};
