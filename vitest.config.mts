import { defineConfig } from 'vitest/config';

// Newest first reads matches for its count for 10 ms, then says a floor ("300+"): a loaded
// machine would make counts that tests compare floors now and then. The tests of that deadline
// set it themselves. (Also in what the tests start: the command line, the host.)
const env = { BANMIAN_COUNT_MS: '600000' };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
          // A desk answers through its host and redraws in Chromium: a second is too short to wait
          // for that on a loaded machine, and a poll that times out proves nothing.
          expect: { poll: { timeout: 8_000 } },
        },
      },
    ],
  },
});
