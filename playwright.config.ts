import { defineConfig } from '@playwright/test';

/**
 * Playwright drives Debian's Chromium (never `npx playwright install`: downloads fail here) against
 * the production build, which `npm test` makes before this runs.
 */
// E2E_PORT lets a second checkout on the same machine test without clashing with another server.
const port = Number(process.env.E2E_PORT ?? 3100);
const ci = !!process.env.CI;

export default defineConfig({
  testDir: 'tests/e2e',
  // Two cores: one browser at a time keeps WebGPU's software fallback and `next start` from starving each other.
  workers: 1,
  fullyParallel: false,
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  // Training specs use tiny models, but WebGPU on SwiftShader still takes tens of seconds.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1600, height: 1000 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    // Recorded on a failed test's retry only: recording every test (DOM snapshots around each
    // action, a screencast) made the suite a third slower on two cores, measured.
    trace: ci ? 'on-first-retry' : 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `npx next start --port ${port}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !ci,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
