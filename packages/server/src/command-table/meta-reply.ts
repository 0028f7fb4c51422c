import { MapReply, SetReply, SimpleString, type RespValue } from '@kv/resp';
import type { Command, MetaValue } from './types.js';

/** Turns stored RESP3-typed metadata back into a reply value. */
export function metaToReply(v: MetaValue): RespValue {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(metaToReply);
  if ('$map' in v) return new MapReply(v.$map.map(metaToReply));
  if ('$set' in v) return new SetReply(v.$set.map(metaToReply));
  return new SimpleString(v.$simple);
}

const infoCache = new WeakMap<Command, RespValue>();
const docsCache = new WeakMap<Command, RespValue>();

/** COMMAND INFO's entry for a command: Redis's fields, then our subcommands. */
export function commandInfoReply(command: Command): RespValue {
  let reply = infoCache.get(command);
  if (reply === undefined) {
    // Redis replies an empty set where there are no subcommands, an array where there are.
    const subs = command.subcommands === undefined ? new SetReply([]) : [...command.subcommands.values()].map(commandInfoReply);
    reply = [...command.meta.info.map(metaToReply), subs];
    infoCache.set(command, reply);
  }
  return reply;
}

/** COMMAND DOCS's map for a command, with a `subcommands` map when it has them. */
export function commandDocsReply(command: Command): RespValue {
  let reply = docsCache.get(command);
  if (reply === undefined) {
    const entries = command.meta.docs.map(metaToReply);
    if (command.subcommands !== undefined) {
      const subs: RespValue[] = [];
      for (const sub of command.subcommands.values()) subs.push(sub.fullName, commandDocsReply(sub));
      entries.push('subcommands', new MapReply(subs));
    }
    reply = new MapReply(entries);
    docsCache.set(command, reply);
  }
  return reply;
}
