import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import playwrightConfig from '../playwright.config';
import { datasetsDir } from '@/lib/datasets/node-files';
import type { BenchSettings } from './engine-vs-handwritten';
import type { BrowserComparison } from './browser/main';

/**
 * The engine against hand-written tfjs in Debian's Chromium, on WebGL and WebGPU: bundles
 * bench/browser/ with vite (no Next app), serves it with the dataset files from a tiny static
 * server, and calls the page's `window.benchmark` once per backend.
 */

const buildDir = fileURLToPath(new URL('./.build/', import.meta.url));
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.u8': 'application/octet-stream', '.json': 'application/json', '.csv': 'text/csv' };

export type BrowserBackend = 'webgl' | 'webgpu';
export type BrowserResult = { backend: BrowserBackend } & (BrowserComparison | { problem: string });

export async function compareInChromium(
  runs: { backend: BrowserBackend; settings: BenchSettings }[],
  port: number,
  log: (line: string) => void,
): Promise<BrowserResult[]> {
  log('Chromium: bundling bench/browser/ with vite…');
  await build({ configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) });
  const server = await serve(port);
  // The project's own launch settings: Debian's Chromium, WebGPU enabled (playwright.config.ts).
  // Plus no GPU watchdog: SwiftShader runs shaders on the CPU, and on a busy 2-core machine one
  // long batch trips it, which kills the GPU process (WebGPU then fails with "A valid external
  // Instance reference no longer exists").
  const launch = playwrightConfig.use?.launchOptions;
  const browser = await chromium.launch({ ...launch, args: [...(launch?.args ?? []), '--disable-gpu-watchdog'] });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => log(`  ${message.text()}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof window.benchmark === 'function');
    const results: BrowserResult[] = [];
    for (const { backend, settings } of runs) {
      log(`Chromium, ${backend}: ${settings.samples} digits, ${settings.epochs} epoch(s), ${settings.rounds} round(s)…`);
      // A backend that fails here (WebGPU's software adapter losing its device on a starved
      // machine) is a result to report, not a reason to drop the other backends' numbers.
      results.push(
        await page.evaluate(([b, s]) => window.benchmark(b, s), [backend, settings] as const).then(
          (result) => ({ backend, ...result }),
          (error: Error) => ({ backend, problem: error.message.split('\n')[0] }),
        ),
      );
    }
    return results;
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
}

/** The bundle at /, the built-in datasets at /datasets/ (where fetchDatasetFile asks for them). */
function serve(port: number): Promise<Server> {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.startsWith('/datasets/') ? join(datasetsDir, normalize(path.slice('/datasets/'.length))) : join(buildDir, normalize(path === '/' ? 'index.html' : path));
    const inside = file.startsWith(datasetsDir) || file.startsWith(buildDir);
    if (!inside || !(await stat(file).then((s) => s.isFile(), () => false))) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
