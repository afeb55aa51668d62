import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/property/**/*.test.ts', 'tests/training/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/setup/datasets.ts'],
    testTimeout: 30_000,
  },
});
