import type { PipelineSpec } from '@/lib/spec/spec';
import type { NodeNames } from '@/lib/document/node-name';
import { buildDatasets, datasetsMissing } from '@/lib/datasets/build';
import { loadSourceTable } from '@/lib/datasets/source';
import type { StoredUpload } from '@/lib/storage/uploads';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { prepareRun, train, type TrainCallbacks, type TrainOptions, type TrainResult } from './train';

/**
 * Node only (the CLI, tests): trains a compiled spec on tfjs's CPU backend, on the dataset files
 * in public/datasets/ (or the uploaded files the caller read), through the same engine the browser runs. A fresh clone has no such files
 * until `npm run datasets`: they are built here first, told through `onStatus`.
 */
export async function trainInNode(
  spec: PipelineSpec,
  callbacks: TrainCallbacks = {},
  names: NodeNames = {},
  /** Uploaded files by fingerprint: what `pipeline train --data` read from disk. */
  uploads: Record<string, StoredUpload> = {},
  /** What train() takes besides: `keepModel` returns the trained model (`pipeline train --save-model`). */
  options: TrainOptions = {},
): Promise<TrainResult> {
  if (datasetsMissing()) {
    callbacks.onStatus?.('Building the datasets into public/datasets/ (first run only)…');
    await buildDatasets((message) => callbacks.onStatus?.(`Datasets: ${message}`));
  }
  const tf = await cpuTf();
  const data = prepareRun(spec, await loadSourceTable(spec.data.dataset, { readFile: nodeReadFile, readUpload: async (fingerprint) => uploads[fingerprint] }));
  return train(tf, spec, data, callbacks, names, options);
}

/** tfjs on its CPU backend, as every Node run uses it. */
export async function cpuTf() {
  const tf = await import('@tensorflow/tfjs');
  // Production mode only quiets tfjs's console warnings: here, the CPU backend's banner advising
  // tfjs-node, a native download that is not an option (and would not give the app's numbers).
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}
