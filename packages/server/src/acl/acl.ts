import { ErrorReply } from '@kv/resp';
import type { Client } from '../client/client.js';
import type { Command } from '../command-table/types.js';
import type { KvServer } from '../kv-server.js';
import { cstr } from '../util/c-string.js';
import { loadAclFile, saveAclFile } from './aclfile.js';
import { ACL_OK, DENIED_CHANNEL, DENIED_CMD, DENIED_KEY, channelAllowed, checkUserCommand, type PermissionResult } from './check.js';
import { aclErrorMessage, hasSpaces } from './errors.js';
import { AclLog, type DenyReason, type LogContext } from './log.js';
import { User, mergeSelectorArgs } from './user.js';

// The server's users and ACL log (acl.c's Users, DefaultUser and ACLLog),
// and what changing them does to connected clients.

const NOPERM_KEY = new ErrorReply('NOPERM this user has no permissions to access one of the keys used as arguments');
const NOPERM_CHANNEL = new ErrorReply('NOPERM this user has no permissions to access one of the channels used as arguments');

/** Error texts must stay on one line: Redis's addReplyErrorFormat turns CR and LF into spaces. */
export function oneLine(s: string): string {
  return /[\r\n]/.test(s) ? s.replace(/[\r\n]/g, ' ') : s;
}

/** Points a client at a user: the reference ACL checks use and the name CLIENT LIST shows. */
export function setClientUser(client: Client, user: User): void {
  client.aclUser = user;
  client.user = user.name;
}

export class Acl {
  private users = new Map<string, User>();
  readonly defaultUser: User;
  readonly log = new AclLog();
  /** For internal clients (the AOF loader), which Redis runs with no user: allowed everything, never listed. */
  readonly internalUser: User;

  constructor(private readonly server: KvServer) {
    this.defaultUser = this.newDefaultUser();
    this.users.set('default', this.defaultUser);
    this.internalUser = new User('', true);
    for (const rule of ['+@all', '~*', '&*', 'on', 'nopass']) this.internalUser.apply(rule, true);
    // requirepass is the default user's password (ACLUpdateDefaultUserPassword).
    const pass = server.config.get('requirepass');
    if (pass !== '') this.setDefaultPassword(pass);
    server.config.onChange('requirepass', (v) => this.setDefaultPassword(v));
  }

  /** acl-pubsub-default: whether new users and selectors start with allchannels. */
  get allChannelsByDefault(): boolean {
    return this.server.config.get('acl-pubsub-default') === 'allchannels';
  }

  /** ACLCreateDefaultUser. */
  newDefaultUser(): User {
    const u = new User('default', this.allChannelsByDefault);
    for (const rule of ['+@all', '~*', '&*', 'on', 'nopass']) u.apply(rule, false);
    return u;
  }

  private setDefaultPassword(password: string): void {
    this.defaultUser.apply('resetpass', false);
    this.defaultUser.apply(password === '' ? 'nopass' : `>${password}`, false);
    this.defaultChanged();
  }

  /** Whether connections must authenticate: the default user has a password or is off (authRequired). */
  defaultNeedsAuth(): boolean {
    return !this.defaultUser.nopass || this.defaultUser.disabled;
  }

  /** Unauthenticated clients get the parser's small limits only while authentication is required. */
  private defaultChanged(): void {
    const open = !this.defaultNeedsAuth();
    for (const c of this.server.clients) c.parser.authenticated = c.authenticated || open;
  }

  getUser(name: string): User | undefined {
    return this.users.get(name);
  }

  /** Users in name order (byte order, as Redis's radix tree). */
  userList(): User[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The ACL LOG context of a client's command. */
  private context(client: Client): LogContext {
    return client.multi !== undefined ? 'multi' : 'toplevel';
  }

  /** addACLLogEntry. */
  logEvent(client: Client, reason: DenyReason, object: string, username = client.aclUser.name, context = this.context(client)): void {
    const now = Date.now();
    this.log.add({ reason, context, object, username, clientInfo: client.describe(now) }, now, this.server.config.number('acllog-max-len'));
  }

  /**
   * ACLAuthenticateUser: on success the client is now that user; on failure
   * the attempt is logged (`object` is the command as the client typed it).
   */
  authenticate(client: Client, username: string, password: string, object: string): boolean {
    const user = this.users.get(username);
    if (user !== undefined && user.checkPassword(password)) {
      setClientUser(client, user);
      client.setAuthenticated(true);
      return true;
    }
    this.logEvent(client, 'auth', object, username);
    return false;
  }

  /**
   * The permission check of processCommand: undefined when the client's user
   * may run it, else the NOPERM error (the denial is logged).
   */
  checkCommand(client: Client, command: Command, args: readonly string[]): ErrorReply | undefined {
    const result = checkUserCommand(client.aclUser, command, args);
    if (result.denied === ACL_OK) return undefined;
    // As in Redis, the refused command is the client's last one (CLIENT INFO cmd= in the log entry).
    client.lastCommand = command.fullName;
    this.logDenial(client, command, args, result, this.context(client));
    if (result.denied === DENIED_CMD) return new ErrorReply(`NOPERM this user has no permissions to run the '${command.fullName}' command`);
    return result.denied === DENIED_KEY ? NOPERM_KEY : NOPERM_CHANNEL;
  }

  /**
   * EXEC checks each queued command again, since the rules may have changed
   * after it was queued; the error then says so.
   */
  checkQueued(client: Client, command: Command, args: readonly string[]): ErrorReply | undefined {
    const result = checkUserCommand(client.aclUser, command, args);
    if (result.denied === ACL_OK) return undefined;
    // Redis's last command is still EXEC here (the log entry's CLIENT INFO shows cmd=exec).
    client.lastCommand = 'exec';
    this.logDenial(client, command, args, result, 'multi');
    const reason = result.denied === DENIED_CMD ? 'no permission to execute the command or subcommand'
      : result.denied === DENIED_KEY ? 'no permission to touch the specified keys'
      : 'no permission to access one of the channels used as arguments';
    const err = new ErrorReply(
      `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${reason}`,
    );
    // An error reply like any other for INFO errorstats, though no command ran.
    this.server.stats.countError(err.message);
    return err;
  }

  private logDenial(client: Client, command: Command, args: readonly string[], r: PermissionResult, context: LogContext): void {
    const reason: DenyReason = r.denied === DENIED_CMD ? 'command' : r.denied === DENIED_KEY ? 'key' : 'channel';
    this.logEvent(client, reason, r.denied === DENIED_CMD ? command.fullName : args[r.pos]!, client.aclUser.name, context);
  }

  /** ACL SETUSER: all rules are tried on a copy first, so a bad one changes nothing. */
  setUser(client: Client, username: string, rules: readonly string[]): ErrorReply | undefined {
    if (hasSpaces(username)) return new ErrorReply("ERR Usernames can't contain spaces or null characters");
    const merged = mergeSelectorArgs(rules);
    if (!Array.isArray(merged)) {
      return new ErrorReply(oneLine(`ERR Unmatched parenthesis in acl selector starting at '${cstr(rules[merged.unmatched]!)}'.`));
    }
    const all = this.allChannelsByDefault;
    const temp = new User(username, all);
    const existing = this.users.get(username);
    if (existing !== undefined) temp.copyFrom(existing);
    for (const rule of merged) {
      const err = temp.apply(rule, all);
      if (err !== undefined) return new ErrorReply(oneLine(`ERR Error in ACL SETUSER modifier '${cstr(rule)}': ${aclErrorMessage(err)}`));
    }
    if (existing !== undefined) this.killPubsubClientsIfNeeded(temp, existing, client);
    let user = existing;
    if (user === undefined) {
      user = new User(username, all);
      this.users.set(username, user);
    }
    user.copyFrom(temp);
    if (user === this.defaultUser) this.defaultChanged();
    return undefined;
  }

  /** ACL DELUSER: the count deleted; their clients are disconnected. */
  deleteUsers(client: Client, names: readonly string[]): number | ErrorReply {
    if (names.includes('default')) return new ErrorReply("ERR The 'default' user cannot be removed");
    let deleted = 0;
    for (const name of names) {
      const user = this.users.get(name);
      if (user === undefined) continue;
      this.users.delete(name);
      this.killClientsOf(user, client);
      deleted++;
    }
    return deleted;
  }

  /**
   * ACLFreeUserAndKillClients: clients of a user that is gone go back to
   * the default user, unauthenticated, and are closed (the current one
   * after its reply).
   */
  killClientsOf(user: User, current: Client | undefined): void {
    for (const c of [...this.server.clients]) {
      if (c.aclUser !== user) continue;
      setClientUser(c, this.defaultUser);
      c.setAuthenticated(false);
      if (c === current) c.closeAfterReply = true;
      else c.close();
    }
  }

  /**
   * ACLKillPubsubClientsIfNeeded: when a user loses channels, its
   * subscribers whose subscriptions are no longer allowed are disconnected.
   */
  private killPubsubClientsIfNeeded(next: User, original: User, current: Client): void {
    if (next.selectors.some((s) => s.allChannels)) return;
    const upcoming = next.selectors.flatMap((s) => s.channels);
    // Nothing is lost if every old pattern is still there (an old &* is lost: Redis 7.0.15 checks that too).
    const kept = original.selectors.every((s) => !s.allChannels && s.channels.every((c) => upcoming.includes(c)));
    if (kept) return;
    for (const c of [...this.server.clients]) {
      if (c.aclUser !== original || !c.inPubSubMode) continue;
      const subs = c.subscriptions;
      const violates =
        [...subs.patterns].some((p) => !channelAllowed(upcoming, p, true)) ||
        [...subs.channels].some((ch) => !channelAllowed(upcoming, ch, false)) ||
        [...subs.shardChannels].some((ch) => !channelAllowed(upcoming, ch, false));
      if (!violates) continue;
      if (c === current) c.closeAfterReply = true;
      else c.close();
    }
  }

  /** ACL LOAD: the whole file or nothing; returns the errors, or undefined when loaded. */
  load(current: Client | undefined): string | undefined {
    const loaded = loadAclFile(this.server.config.get('aclfile'), this.server.config.get('dir'), this.allChannelsByDefault);
    if (typeof loaded === 'string') return loaded;
    // The default user object stays (clients point at it); it takes the file's rules.
    const fresh = loaded.get('default') ?? this.newDefaultUser();
    this.defaultUser.copyFrom(fresh);
    loaded.set('default', this.defaultUser);
    const old = this.users;
    this.users = loaded;
    // Every other user is a new object now: clients of the old ones are disconnected, as in Redis.
    for (const u of old.values()) if (u !== this.defaultUser) this.killClientsOf(u, current);
    this.defaultChanged();
    return undefined;
  }

  /** ACL SAVE: false when the file could not be written (logged). */
  save(): boolean {
    const err = saveAclFile(this.server.config.get('aclfile'), this.server.config.get('dir'), this.userList());
    if (err !== undefined) this.server.log.warning(err);
    return err === undefined;
  }

  /**
   * ACLLoadUsersAtStartup: the `user` lines of the config, then the ACL file.
   * Throws with Redis's message when either cannot be loaded.
   */
  loadAtStartup(configUsers: readonly (readonly string[])[]): void {
    const file = this.server.config.get('aclfile');
    if (file !== '' && configUsers.length !== 0) {
      throw new Error(
        'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.',
      );
    }
    const all = this.allChannelsByDefault;
    for (const [name, ...rules] of configUsers) {
      if (hasSpaces(name!)) throw new Error('Spaces not allowed in ACL usernames');
      let user = this.users.get(name!);
      if (user === undefined) {
        user = new User(name!, all);
        this.users.set(name!, user);
      } else {
        user.apply('reset', all);
      }
      for (const rule of rules) {
        const err = user.apply(rule, all);
        if (err !== undefined) {
          throw new Error(`Error loading ACL rule '${cstr(rule)}' for the user named '${cstr(name!)}': ${aclErrorMessage(err)}`);
        }
      }
      if (user.disabled) {
        this.server.log.notice(
          `The user '${cstr(name!)}' is disabled (there is no 'on' modifier in the user description). Make sure this is not a configuration error.`,
        );
      }
    }
    if (file !== '') {
      const errors = this.load(undefined);
      if (errors !== undefined) throw new Error(`Aborting Redis startup because of ACL errors: ${errors}`);
    }
    this.defaultChanged();
  }
}
