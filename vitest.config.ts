import { defineConfig } from 'vitest/config';

// Tiers (STYLE.md "Tests in tiers"): unit + session tests run in parallel; interop tests share one
// pcscd and the vpcd ports, so they run one file at a time; server tests start their own peers; E2E drives
// the built app in Chromium.
export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/session/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Servers (verifier, portal, RA/CA) against real redis-server / PostgreSQL / openssl cmp that each
        // test file starts on its own ports and stops; one file at a time keeps two cores from thrashing.
        extends: true,
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
