import { FromReader, ReadRequest } from './read-protocol';

/**
 * The page's side of reading a CSV: starts a worker per file and hands its messages, checked, to
 * the caller. Importing this module loads no CSV code; the worker does.
 */

export type ReadOutcome = Exclude<FromReader, { type: 'progress' }> | { type: 'cancelled' };

export interface CsvRead {
  /** Ends the worker at once; `done` then resolves to `cancelled` and nothing is changed. */
  cancel(): void;
  done: Promise<ReadOutcome>;
}

export function readCsvInWorker(request: Omit<ReadRequest, 'type'>, onProgress: (bytes: number, total: number) => void): CsvRead {
  // This exact `new Worker(new URL(...), { type: 'module' })` shape is what the bundler recognises and bundles.
  const worker = new Worker(new URL('./read-worker.ts', import.meta.url), { type: 'module' });
  let finish: (outcome: ReadOutcome) => void = () => {};
  const done = new Promise<ReadOutcome>((resolve) => {
    finish = (outcome) => {
      worker.terminate();
      finish = () => {};
      resolve(outcome);
    };
  });

  worker.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = FromReader.safeParse(event.data);
    if (!parsed.success) {
      finish({ type: 'error', message: 'The CSV reader sent a message this page does not understand. Reload the page and try again.' });
      return;
    }
    const message = parsed.data;
    if (message.type === 'progress') onProgress(message.bytes, message.total);
    else finish(message);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    finish({ type: 'error', message: `The CSV reader crashed${event.message ? `: ${event.message}` : ''}. Reload the page and try again.` });
  };
  worker.onmessageerror = () => finish({ type: 'error', message: 'A message from the CSV reader could not be read. Reload the page and try again.' });

  worker.postMessage(ReadRequest.parse({ type: 'read', ...request }));
  return { cancel: () => finish({ type: 'cancelled' }), done };
}
