import { crashDetail, superviseWorker, type WorkerFailure } from '@/lib/workers/supervise-worker';
import { FromReader, ToWorker } from './read-protocol';

/**
 * The page's side of the CSV worker: starts a worker per request and hands its messages, checked,
 * to the caller. Importing this module loads no CSV code; the worker does.
 */

export type WorkerAnswer = Exclude<FromReader, { type: 'progress' }> | { type: 'cancelled' };

export interface CsvWork {
  /** Ends the worker at once; `done` then resolves to `cancelled` and nothing is changed. */
  cancel(): void;
  done: Promise<WorkerAnswer>;
}

export function askCsvWorker(request: ToWorker, onProgress: (bytes: number, total: number) => void = () => {}): CsvWork {
  // This exact `new Worker(new URL(...), { type: 'module' })` shape is what the bundler recognises and bundles.
  const worker = new Worker(new URL('./read-worker.ts', import.meta.url), { type: 'module' });
  let answer: (answer: WorkerAnswer) => void = () => {};
  const done = new Promise<WorkerAnswer>((resolve) => (answer = resolve));
  const run = superviseWorker(worker, FromReader, {
    isFinal: (message) => message.type !== 'progress',
    onMessage: (message) => (message.type === 'progress' ? onProgress(message.bytes, message.total) : answer(message)),
    failure: (kind, detail) => ({ type: 'error' as const, message: failures[kind](detail) }),
  });
  worker.postMessage(ToWorker.parse(request));
  return {
    cancel: () => {
      if (run.ended) return;
      run.end();
      answer({ type: 'cancelled' });
    },
    done,
  };
}

/** Why a read ended when the worker failed without saying so itself. */
const failures: Record<WorkerFailure, (detail?: string) => string> = {
  'not-understood': () => 'The CSV worker sent a message this page does not understand. Reload the page and try again.',
  crashed: (detail) => `The CSV worker crashed${crashDetail(detail)}. Reload the page and try again.`,
  unreadable: () => 'A message from the CSV worker could not be read. Reload the page and try again.',
};
