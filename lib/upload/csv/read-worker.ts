/// <reference lib="webworker" />
import { readCsvFile } from './read-file';
import { FromReader, ReadRequest } from './read-protocol';

/**
 * The CSV reading Web Worker: papaparse and the column storage run here, so the page stays
 * responsive while a large file is read. One worker reads one file; cancelling terminates it.
 */

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromReader) {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = ReadRequest.safeParse(event.data);
  if (!parsed.success) {
    post({ type: 'error', message: 'The CSV reader received a request it does not understand. Reload the page and try again.' });
    return;
  }
  readCsvFile(parsed.data, post).then(post, (error: unknown) =>
    post({ type: 'error', message: `Reading ${parsed.data.file.name} failed: ${error instanceof Error ? error.message : String(error)}. This is a bug: please report it.` }),
  );
};
