import { Config, ConfigError } from './config.js';
import { ConfigFileError, type Directive } from './config-file.js';
import { REDIS_ONLY_PARAMS } from './redis-only-params.js';
import { checkUserDirective } from './user-directive.js';

export interface LoadedConfig {
  /** Parameters for startServer, each as its arguments. */
  readonly params: Record<string, string[]>;
  /** Directives Redis knows that kv ignores for now, one line each. */
  readonly ignored: string[];
  /** `user` lines, each as [name, ...rules] with selectors merged, for startServer's `users`. */
  readonly users: string[][];
}

/**
 * Checks directives (from a config file, then flags) as Redis's loader
 * does: unknown names and bad values stop with the line that caused them.
 * Later directives override earlier ones, but `save` lines add up.
 */
export function loadDirectives(directives: readonly Directive[]): LoadedConfig {
  const params: Record<string, string[]> = {};
  const ignored: string[] = [];
  const check = new Config();
  const users: string[][] = [];
  let saveSeen = false;
  for (const d of directives) {
    if (d.name === 'include') throw new ConfigFileError(d.line, d.text, 'include must be resolved by the caller');
    if (d.name === 'user' && d.args.length >= 1) {
      const failed = checkUserDirective(d.args, users);
      if (typeof failed === 'string') throw new ConfigFileError(d.line, d.text, failed);
      users.push(failed);
      continue;
    }
    const spec = Config.spec(d.name);
    if (spec === undefined) {
      if (REDIS_ONLY_PARAMS.has(d.name)) {
        ignored.push(`${d.name} (line ${d.line})`);
        continue;
      }
      throw new ConfigFileError(d.line, d.text, 'Bad directive or wrong number of arguments');
    }
    let args = d.args;
    if (spec.name === 'save') {
      // The first save line replaces the default; the next ones add save points.
      args = saveSeen ? [...(params.save ?? []), ...args].filter((a) => a !== '') : args;
      saveSeen = true;
    }
    try {
      check.set(spec.name, args, true);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigFileError(d.line, d.text, err.message);
      throw err;
    }
    params[spec.name] = args;
  }
  return { params, ignored, users };
}
