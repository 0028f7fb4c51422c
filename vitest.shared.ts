import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of sibling packages (the `kv-source`
// export condition), so `pnpm --filter X test` needs no prior build.
// Each run also writes test-report.json, which `npm test` adds up into one line.
export default defineConfig({
  resolve: { conditions: ['kv-source'] },
  ssr: { resolve: { conditions: ['kv-source'], externalConditions: ['kv-source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-report.json' },
  },
});
