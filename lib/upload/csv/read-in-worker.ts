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
  let finish: (answer: WorkerAnswer) => void = () => {};
  const done = new Promise<WorkerAnswer>((resolve) => {
    finish = (answer) => {
      worker.terminate();
      finish = () => {};
      resolve(answer);
    };
  });

  worker.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = FromReader.safeParse(event.data);
    if (!parsed.success) {
      finish({ type: 'error', message: 'The CSV worker sent a message this page does not understand. Reload the page and try again.' });
      return;
    }
    const message = parsed.data;
    if (message.type === 'progress') onProgress(message.bytes, message.total);
    else finish(message);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    finish({ type: 'error', message: `The CSV worker crashed${event.message ? `: ${event.message}` : ''}. Reload the page and try again.` });
  };
  worker.onmessageerror = () => finish({ type: 'error', message: 'A message from the CSV worker could not be read. Reload the page and try again.' });

  worker.postMessage(ToWorker.parse(request));
  return { cancel: () => finish({ type: 'cancelled' }), done };
}
