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
  let ended = false;
  const end = (last: FromImageWorker) => {
    if (ended) return;
    ended = true;
    worker.terminate();
    onMessage(last);
  };
  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (ended) return;
    const parsed = FromImageWorker.safeParse(event.data);
    if (!parsed.success) return end({ type: 'failed', message: 'The image reader sent a message this page does not understand. Reload the page and try again.', cancelled: false });
    if (parsed.data.type === 'progress') onMessage(parsed.data);
    else end(parsed.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    end({ type: 'failed', message: `The image reader crashed${event.message ? `: ${event.message}` : ''}. Try again, or with fewer or smaller images.`, cancelled: false });
  };
  worker.postMessage(ToImageWorker.parse(request));
  return {
    cancel: () => {
      if (!ended) worker.postMessage({ type: 'cancel' } satisfies ToImageWorker);
    },
  };
}
