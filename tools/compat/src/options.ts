export interface Options {
  seed: number;
  commands: number;
  cases: boolean;
  random: boolean;
  /** How to start kv instead of the bundle: a command line, split on spaces. */
  kv: string | undefined;
  redisVsRedis: boolean;
  verbose: boolean;
}

export const USAGE =
  'usage: node tools/scripts/run-ts.mjs tools/compat/src/main.ts [--seed S] [--commands N] [--cases] [--random] [--kv CMD] [--redis-vs-redis] [--verbose]';

/** A fixed seed in CI (reproducible failures), a fresh one elsewhere (new ground each run). */
const CI_SEED = 20261125;

/** `--cases` alone runs only the case files, `--random` alone only the generator; neither or both run both. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Options {
  const o: Options = {
    seed: env.CI ? CI_SEED : Date.now() % 1_000_000_007,
    commands: 20_000,
    cases: false,
    random: false,
    kv: undefined,
    redisVsRedis: false,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    const count = (): number => {
      const v = value();
      if (!/^\d+$/.test(v)) throw new Error(`${a} takes a non-negative integer, not ${JSON.stringify(v)}`);
      return Number(v);
    };
    if (a === '--seed') o.seed = count();
    else if (a === '--commands') o.commands = count();
    else if (a === '--cases') o.cases = true;
    else if (a === '--random') o.random = true;
    else if (a === '--kv') o.kv = value();
    else if (a === '--redis-vs-redis') o.redisVsRedis = true;
    else if (a === '--verbose') o.verbose = true;
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (!o.cases && !o.random) o.cases = o.random = true;
  return o;
}
