import type { PipelineSpec } from '@/lib/spec/spec';
import type { NodeNames } from '@/lib/document/node-name';
import { loadDataset } from '@/lib/datasets/load';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { train, type TrainCallbacks, type TrainResult } from './train';

/**
 * Node only (the CLI, tests): trains a compiled spec on tfjs's CPU backend, on the dataset files
 * in public/datasets/, through the same engine the browser runs.
 */
export async function trainInNode(spec: PipelineSpec, callbacks: TrainCallbacks = {}, names: NodeNames = {}): Promise<TrainResult> {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  const dataset = await loadDataset(spec.data.dataset, nodeReadFile, spec.data.maxSamples);
  return train(tf, spec, dataset, callbacks, names);
}
