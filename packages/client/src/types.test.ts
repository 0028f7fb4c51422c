import { describe, expectTypeOf, it } from 'vitest';
import type { Client, Reply, ScoredMember } from './index.js';

// Type-level checks (tsc checks them: `npm run typecheck`); at run time these
// only make sure the file loads.

describe('method and batch types', () => {
  it('replies are typed per command, strings or Buffers per the client', () => {
    type C = Client<string>;
    expectTypeOf<ReturnType<C['get']>>().toEqualTypeOf<Promise<string | null>>();
    expectTypeOf<ReturnType<Client<Buffer>['get']>>().toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf<ReturnType<C['hgetall']>>().toEqualTypeOf<Promise<Map<string, string>>>();
    expectTypeOf<ReturnType<C['zscore']>>().toEqualTypeOf<Promise<number | null>>();
    expectTypeOf<ReturnType<C['zrangeWithScores']>>().toEqualTypeOf<Promise<ScoredMember<string>[]>>();
    expectTypeOf<ReturnType<C['call']>>().toEqualTypeOf<Promise<Reply<string>>>();
    expectTypeOf<Parameters<C['linsert']>>().toEqualTypeOf<[key: string | Buffer, where: 'BEFORE' | 'AFTER', pivot: string | Buffer | number | bigint, element: string | Buffer | number | bigint]>();
  });

  it('pipelines and transactions collect a tuple of their results', () => {
    const c = null as unknown as Client<string>;
    const p = () => c.pipeline().set('a', '1').get('a').incr('n').hgetall('h').exec();
    expectTypeOf<Awaited<ReturnType<typeof p>>>().toEqualTypeOf<['OK' | string | null, string | null, number | bigint, Map<string, string>]>();
    const m = () => c.multi().zscore('z', 'm').del('a', 'b').exec();
    expectTypeOf<Awaited<ReturnType<typeof m>>>().toEqualTypeOf<[number | null, number]>();
  });
});
