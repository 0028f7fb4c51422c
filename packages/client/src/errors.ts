// The errors a command can fail with. A reply error is the server's answer;
// the others say the answer never came, and why, so that callers can tell
// "Redis refused" from "we do not know whether it ran".

/** An error reply from the server. `code` is its first word: 'ERR', 'WRONGTYPE', 'NOAUTH', 'EXECABORT' … */
export class ReplyError extends Error {
  override name = 'ReplyError';
  readonly code: string;
  /** The command that got this reply, when known (its name and subcommand, not its arguments). */
  command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    const space = message.indexOf(' ');
    this.code = space < 0 ? message : message.slice(0, space);
    this.command = command;
  }
}

/**
 * The connection closed or failed while the command was in flight (it may or
 * may not have run), or the client is disconnected and does not queue.
 */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

/** No reply came within `commandTimeout`. The command may still run; later replies are unaffected. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** The command was given up before its reply came because the client was closed (by you, or because reconnecting gave up). */
export class AbortError extends Error {
  override name = 'AbortError';
}

/** EXEC returned nil: a WATCHed key changed, so the transaction did not run. */
export class WatchError extends Error {
  override name = 'WatchError';
  constructor() {
    super('transaction aborted: a watched key changed');
  }
}

/**
 * Some commands of a pipeline or transaction got error replies. `replies`
 * holds every command's result in order, a ReplyError where one failed.
 */
export class BatchError extends Error {
  override name = 'BatchError';
  constructor(
    readonly replies: unknown[],
    readonly errors: ReplyError[],
  ) {
    super(`${errors.length} of ${replies.length} commands failed; first: ${errors[0]?.message ?? ''}`);
  }
}
