/// <reference lib="webworker" />
import { describeCsv, readCsvFile, retypeCsv } from './read-file';
import { FromReader, ToWorker } from './read-protocol';

/**
 * The CSV Web Worker: papaparse, the column storage and the kept rows are handled here, so the
 * page stays responsive with a large file. One worker answers one request; cancelling a read
 * terminates it.
 */

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromReader) {
  self.postMessage(message);
}

async function answer(parsed: ReturnType<typeof ToWorker.parse>): Promise<FromReader> {
  switch (parsed.type) {
    case 'read':
      return readCsvFile(parsed, post);
    case 'describe':
      return { type: 'described', upload: await describeCsv(parsed.fingerprint, parsed.types) };
    case 'retype': {
      const params = await retypeCsv(parsed.params);
      return params
        ? { type: 'retyped', params }
        : { type: 'error', message: `The rows of ${parsed.params.file} are no longer in this browser. Choose the file again.` };
    }
  }
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = ToWorker.safeParse(event.data);
  if (!parsed.success) {
    post({ type: 'error', message: 'The CSV worker received a request it does not understand. Reload the page and try again.' });
    return;
  }
  answer(parsed.data).then(post, (error: unknown) =>
    post({ type: 'error', message: `Working on the CSV file failed: ${error instanceof Error ? error.message : String(error)}. This is a bug: please report it.` }),
  );
};
