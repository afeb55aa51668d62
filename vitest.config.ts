import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import SlowestFirst from './tests/setup/sequencer';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts', 'tests/training/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/setup/datasets.ts'],
    testTimeout: 30_000,
    // Vitest keeps one core free by default, which on CI's two cores means one file at a time: the
    // tests are single-threaded CPU work (tfjs's CPU backend), so two at once nearly halves the run.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: SlowestFirst },
  },
});
