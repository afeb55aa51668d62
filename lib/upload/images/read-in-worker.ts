import { crashDetail, superviseWorker, type WorkerFailure } from '@/lib/workers/supervise-worker';
import { FromImageWorker, ToImageWorker } from './worker-protocol';

/**
 * The page's side of reading images: a worker per reading, ended when it reports its outcome.
 * Importing this module starts nothing.
 */

export interface ImageReading {
  /** Asks the worker to stop; it then reports `failed` with `cancelled: true`, keeping nothing. */
  cancel(): void;
}

export function readImagesInWorker(request: Extract<ToImageWorker, { type: 'read' }>, onMessage: (message: FromImageWorker) => void): ImageReading {
  // This exact `new Worker(new URL(...), { type: 'module' })` shape is what the bundler recognises and bundles.
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const run = superviseWorker(worker, FromImageWorker, {
    isFinal: (message) => message.type !== 'progress',
    onMessage,
    failure: (kind, detail) => ({ type: 'failed' as const, message: failures[kind](detail), cancelled: false }),
  });
  worker.postMessage(ToImageWorker.parse(request));
  return {
    cancel: () => {
      if (!run.ended) worker.postMessage({ type: 'cancel' } satisfies ToImageWorker);
    },
  };
}

/** Why a reading ended when the worker failed without saying so itself. */
const failures: Record<WorkerFailure, (detail?: string) => string> = {
  'not-understood': () => 'The image reader sent a message this page does not understand. Reload the page and try again.',
  crashed: (detail) => `The image reader crashed${crashDetail(detail)}. Try again, or with fewer or smaller images.`,
  unreadable: () => 'A message from the image reader could not be read. Reload the page and try again.',
};
