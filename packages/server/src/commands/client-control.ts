import { ErrorReply, MapReply, OK, SetReply, type RespValue } from '@kv/resp';
import { NO_REPLY, type Handler } from '../command-table/types.js';
import { SYNTAX_ERROR } from '../errors.js';
import { parseTimeout } from '../blocking/timeout.js';
import type { TrackingState } from '../tracking/tracking.js';
import { intArg, isOption } from './args.js';

// CLIENT subcommands that change how a connection is served: UNBLOCK,
// PAUSE/UNPAUSE, REPLY, NO-EVICT, and client-side caching (TRACKING,
// CACHING, GETREDIR, TRACKINGINFO).

const UNBLOCKED = new ErrorReply('UNBLOCKED client unblocked via CLIENT UNBLOCK');

const unblock: Handler = (client, args) => {
  const id = intArg(args[2]!);
  if (id instanceof ErrorReply) return id;
  let asError = false;
  if (args.length === 4) {
    if (isOption(args[3]!, 'ERROR')) asError = true;
    else if (!isOption(args[3]!, 'TIMEOUT')) return new ErrorReply('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  } else if (args.length > 4) return SYNTAX_ERROR;
  const target = client.server.clients.get(Number(id));
  const blocking = client.server.blocking;
  if (target === undefined || !blocking.isBlocked(target)) return 0;
  if (asError) blocking.finish(target, UNBLOCKED);
  else blocking.timeOut(target);
  return 1;
};

const pause: Handler = (client, args) => {
  const ms = parseTimeout(args[2]!, 'ms');
  if (ms instanceof ErrorReply) return ms;
  let all = true;
  if (args.length === 4) {
    if (isOption(args[3]!, 'WRITE')) all = false;
    else if (!isOption(args[3]!, 'ALL')) return new ErrorReply('ERR CLIENT PAUSE mode must be WRITE or ALL');
  } else if (args.length > 4) return SYNTAX_ERROR;
  client.server.pause.pause(all ? 'all' : 'write', client.server.keyspace.now + ms);
  return OK;
};

const unpause: Handler = (client) => {
  client.server.pause.unpause();
  return OK;
};

const reply: Handler = (client, args) => {
  const mode = args[2]!;
  if (isOption(mode, 'ON')) {
    client.replyMode = 'on';
    return OK;
  }
  // OFF and SKIP send nothing back, not even for this command.
  if (isOption(mode, 'OFF')) client.replyMode = 'off';
  else if (isOption(mode, 'SKIP')) {
    if (client.replyMode !== 'off') client.replyMode = 'skip-next';
  } else return SYNTAX_ERROR;
  return NO_REPLY;
};

const noEvict: Handler = (client, args) => {
  if (isOption(args[2]!, 'ON')) client.noEvict = true;
  else if (isOption(args[2]!, 'OFF')) client.noEvict = false;
  else return SYNTAX_ERROR;
  return OK;
};

const tracking: Handler = (client, args) => {
  const on = isOption(args[2]!, 'ON');
  if (!on && !isOption(args[2]!, 'OFF')) return SYNTAX_ERROR;
  let redirect = 0;
  let bcast = false, optin = false, optout = false, noloop = false;
  const prefixes: string[] = [];
  for (let j = 3; j < args.length; j++) {
    const more = args.length - 1 - j;
    const opt = args[j]!;
    if (isOption(opt, 'REDIRECT') && more > 0) {
      j++;
      if (redirect !== 0) return new ErrorReply('ERR A client can only redirect to a single other client');
      const id = intArg(args[j]!);
      if (id instanceof ErrorReply) return id;
      // Redirecting to oneself means no redirection; a client that does not exist is refused.
      if (Number(id) !== client.id && client.server.clients.get(Number(id)) === undefined) {
        return new ErrorReply('ERR The client ID you want redirect to does not exist');
      }
      redirect = Number(id) === client.id ? 0 : Number(id);
    } else if (isOption(opt, 'BCAST')) bcast = true;
    else if (isOption(opt, 'OPTIN')) optin = true;
    else if (isOption(opt, 'OPTOUT')) optout = true;
    else if (isOption(opt, 'NOLOOP')) noloop = true;
    else if (isOption(opt, 'PREFIX') && more > 0) prefixes.push(args[++j]!);
    else return SYNTAX_ERROR;
  }
  const server = client.server;
  if (!on) {
    server.tracking.disable(client);
    return OK;
  }
  const current = client.tracking;
  if (current !== undefined && current.bcast !== bcast) {
    return new ErrorReply("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
  }
  if (optin && optout) return new ErrorReply("ERR You can't specify both OPTIN mode and OPTOUT mode");
  if (current !== undefined && ((optin && current.optout) || (optout && current.optin))) {
    return new ErrorReply("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
  }
  if (bcast && (optin || optout)) return new ErrorReply('ERR OPTIN and OPTOUT are not compatible with BCAST');
  if (!bcast && prefixes.length !== 0) return new ErrorReply('ERR PREFIX option requires BCAST mode to be enabled');
  const overlap = prefixOverlap(current?.prefixes ?? [], prefixes);
  if (overlap !== undefined) return overlap;
  const state: TrackingState = {
    redirect,
    bcast,
    optin,
    optout,
    noloop,
    prefixes: [...(current?.bcast === true && current.prefixes[0] !== '' ? current.prefixes : []), ...prefixes],
    brokenRedirect: false,
  };
  if (current !== undefined) server.tracking.disable(client);
  server.tracking.enable(client, state);
  return OK;
};

/** checkPrefixCollisionsOrReply: a new prefix may not be a prefix of another, new or already there. */
function prefixOverlap(existing: readonly string[], added: readonly string[]): ErrorReply | undefined {
  for (let i = 0; i < added.length; i++) {
    const p = added[i]!;
    for (const e of existing) {
      if (e === '' ) continue;
      if (e.startsWith(p) || p.startsWith(e)) {
        return new ErrorReply(`ERR Prefix '${p}' overlaps with an existing prefix '${e}'. Prefixes for a single client must not overlap.`);
      }
    }
    for (let j = i + 1; j < added.length; j++) {
      const q = added[j]!;
      if (q.startsWith(p) || p.startsWith(q)) {
        return new ErrorReply(`ERR Prefix '${p}' overlaps with another provided prefix '${q}'. Prefixes for a single client must not overlap.`);
      }
    }
  }
  return undefined;
}

const caching: Handler = (client, args) => {
  const state = client.tracking;
  if (state === undefined || (!state.optin && !state.optout)) {
    return new ErrorReply('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
  }
  if (isOption(args[2]!, 'YES')) {
    if (!state.optin) return new ErrorReply('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
    client.cachingFlag = true;
  } else if (isOption(args[2]!, 'NO')) {
    if (!state.optout) return new ErrorReply('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
    client.cachingFlag = false;
  } else return SYNTAX_ERROR;
  return OK;
};

const getredir: Handler = (client) => (client.tracking === undefined ? -1 : client.tracking.redirect);

const trackinginfo: Handler = (client) => {
  const state = client.tracking;
  const flags: string[] = [];
  let redirect = -1;
  let prefixes: RespValue[] = [];
  if (state === undefined) flags.push('off');
  else {
    flags.push('on');
    if (state.bcast) flags.push('bcast');
    if (state.optin) flags.push('optin');
    if (state.optout) flags.push('optout');
    if (client.cachingFlag === true) flags.push('caching-yes');
    if (client.cachingFlag === false) flags.push('caching-no');
    if (state.noloop) flags.push('noloop');
    if (state.brokenRedirect) flags.push('broken_redirect');
    redirect = state.redirect;
    prefixes = state.bcast ? state.prefixes : [];
  }
  return new MapReply(['flags', new SetReply(flags), 'redirect', redirect, 'prefixes', prefixes]);
};

export const CLIENT_CONTROL_HANDLERS: Record<string, Handler> = {
  'client|unblock': unblock,
  'client|pause': pause,
  'client|unpause': unpause,
  'client|reply': reply,
  'client|no-evict': noEvict,
  'client|tracking': tracking,
  'client|caching': caching,
  'client|getredir': getredir,
  'client|trackinginfo': trackinginfo,
};
