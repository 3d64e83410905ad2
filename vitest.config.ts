import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary folder per run, removed at its end (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    // Integration tests spawn ffmpeg; two cores: keep files in parallel but bounded.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
