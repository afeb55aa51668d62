/// <reference lib="webworker" />
import { fetchDatasetFile } from '@/lib/datasets/fetch-file';
import { loadSourceTable, MissingUploadError, sourceLabel } from '@/lib/datasets/source';
import type { Table } from '@/lib/data/table';
import type { DataSourceSpec } from '@/lib/spec/spec';
import { readUpload } from '@/lib/storage/uploads';
import { FromPreviewWorker, ToPreviewWorker } from './protocol';
import { runPreview } from './run';

/**
 * The preview Web Worker: loads the data node's table, runs the steps up to the node previewed
 * and answers with the first rows and statistics only. It lives as long as the page, so the table
 * loaded for one preview is reused by the next (the same source: a dataset, or an upload's
 * fingerprint and chosen column types); requests are answered one after another.
 */

declare const self: DedicatedWorkerGlobalScope;

let cached: { key: string; table: Promise<Table> } | undefined;
let queue: Promise<void> = Promise.resolve();

function post(message: FromPreviewWorker) {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = ToPreviewWorker.safeParse(event.data);
  if (!parsed.success) {
    post({ type: 'error', id: -1, message: 'The preview worker received a request it does not understand.', hint: 'Reload the page and try again.' });
    return;
  }
  const { id, plan } = parsed.data;
  queue = queue.then(async () => {
    try {
      post({ type: 'status', id, message: `Loading ${sourceLabel(plan.source)}…` });
      const table = await sourceTable(plan.source);
      post({ type: 'status', id, message: plan.steps.length > 0 ? 'Running the steps up to this node…' : 'Working out the statistics…' });
      post({ type: 'result', id, ...runPreview(plan, table) });
    } catch (error) {
      post(
        error instanceof MissingUploadError
          ? { type: 'error', id, message: error.message, hint: `Choose ${error.source.file} again on the data node: its rows are kept in this browser only.` }
          : {
              type: 'error',
              id,
              message: `The preview failed: ${error instanceof Error ? error.message : String(error)}`,
              hint: 'Check the settings of the nodes before this one; if it keeps happening, please report it.',
            },
      );
    }
  });
};

/** The source's table, loaded once while the same source is previewed; a failed load is not kept. */
function sourceTable(source: DataSourceSpec): Promise<Table> {
  const key = JSON.stringify(source);
  if (cached?.key !== key) {
    const table = loadSourceTable(source, { readFile: fetchDatasetFile, readUpload });
    cached = { key, table };
    table.catch(() => {
      if (cached?.table === table) cached = undefined;
    });
  }
  return cached.table;
}
