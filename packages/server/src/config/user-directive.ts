import { aclErrorMessage } from '../acl/errors.js';
import { User, mergeSelectorArgs } from '../acl/user.js';
import { cstr } from '../util/c-string.js';

/**
 * A `user <name> <rules…>` line of redis.conf (ACLAppendUserForLoading):
 * checked on a scratch user now, loaded once the server starts. Unknown
 * commands are let through here (Redis reports them at load). Returns
 * [name, ...merged rules], or Redis's reason for refusing the line.
 */
export function checkUserDirective(args: readonly string[], earlier: readonly (readonly string[])[]): string[] | string {
  const name = args[0]!;
  // The message names argv[index] of the whole line where index counts rules: Redis's off-by-two, kept.
  const argv = ['user', ...args];
  const refused = (index: number, reason: string) => `Error in user declaration '${cstr(argv[index] ?? '')}': ${reason}`;
  if (earlier.some((u) => u[0] === name)) return refused(1, aclErrorMessage('EALREADY'));
  const merged = mergeSelectorArgs(args.slice(1));
  // errno is not set on this path; what Redis 7.0.15 prints then is a stale ENOENT.
  if (!Array.isArray(merged)) return refused(merged.unmatched, aclErrorMessage('ENOENT'));
  const scratch = new User('__fakeuser__', false);
  for (let j = 0; j < merged.length; j++) {
    const err = scratch.apply(merged[j]!, false);
    if (err !== undefined && err !== 'ENOENT') return refused(j, aclErrorMessage(err));
  }
  return [name, ...merged];
}
