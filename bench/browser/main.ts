import type { Comparison } from '../engine-vs-handwritten';
import type { BenchReply } from './worker';

/**
 * The page bench/browser.bench.ts opens in Chromium: `window.benchmark` runs one backend's
 * comparison in a fresh worker (bench/browser/worker.ts), so each backend starts from nothing.
 */

export interface BrowserComparison {
  comparison: Comparison;
  adapter: string;
}

function benchmark(backend: unknown, settings: unknown): Promise<BrowserComparison> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  return new Promise<BrowserComparison>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<BenchReply>) => {
      const reply = event.data;
      if (reply.type === 'log') console.log(reply.line);
      else if (reply.type === 'done') resolve({ comparison: reply.comparison, adapter: reply.adapter });
      else reject(new Error(reply.message));
    };
    worker.onerror = (event) => reject(new Error(`The bench worker crashed: ${event.message}`));
    // The worker validates the request: this page only forwards what the driver asked.
    worker.postMessage({ backend, settings });
  }).finally(() => worker.terminate());
}

declare global {
  interface Window {
    benchmark: typeof benchmark;
  }
}
window.benchmark = benchmark;
