/// <reference lib="webworker" />
import { fetchDatasetFile } from '@/lib/datasets/fetch-file';
import { MissingUploadError, loadSourceTable, sourceLabel } from '@/lib/datasets/source';
import { readUpload } from '@/lib/storage/uploads';
import type { NodeNames } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
import { BackendUnavailableError, selectBackend } from './backend';
import { ToWorker, type FromWorkerMessage, type BackendChoice, type ProbeCache } from './protocol';
import { prepareRun, train } from './train';

/**
 * The training Web Worker: tfjs runs here, off the page's main thread, and is loaded only when a
 * run starts. One worker trains one pipeline; the page terminates it afterwards.
 */

declare const self: DedicatedWorkerGlobalScope;

const progressIntervalMs = 100;
let running = false;
let stopRequested = false;

function post(message: FromWorkerMessage) {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = ToWorker.safeParse(event.data);
  if (!parsed.success) {
    post({ type: 'error', message: 'The training worker received a request it does not understand.', hint: 'Reload the page and try again.' });
    return;
  }
  const message = parsed.data;
  if (message.type === 'stop') {
    stopRequested = true;
    return;
  }
  if (message.type !== 'train') return;
  if (running) {
    post({ type: 'error', message: 'A training run is already in progress.', hint: 'Stop it before starting another.' });
    return;
  }
  running = true;
  void run(message.spec, message.names, message.backend, message.probeCache).finally(() => {
    running = false;
  });
};

async function run(spec: PipelineSpec, names: NodeNames, choice: BackendChoice, probeCache: ProbeCache) {
  try {
    post({ type: 'status', message: 'Loading TensorFlow.js…' });
    const tf = await import('@tensorflow/tfjs');
    // Importing the WebGPU backend registers it with tfjs, but only where navigator.gpu exists.
    if (choice === 'auto' || choice === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');

    // The data first: "auto" compares backends on the whole run, which depends on its size.
    post({ type: 'status', message: `Loading ${sourceLabel(spec.data.dataset)}…` });
    const data = prepareRun(spec, await loadSourceTable(spec.data.dataset, { readFile: fetchDatasetFile, readUpload }));
    const trainSamples = data.train.rows;
    const batchSize = Math.min(spec.training.batchSize, trainSamples);

    post({ type: 'status', message: 'Starting the backend…' });
    const selection = await selectBackend(
      tf,
      choice,
      { spec, batchSize, totalBatches: Math.ceil(trainSamples / batchSize) * spec.training.epochs },
      probeCache,
      (message) => post({ type: 'status', message }),
    );
    post({ type: 'backend', ...selection });

    let lastProgress = 0;
    const result = await train(tf, spec, data, {
      onStatus: (message) => post({ type: 'status', message }),
      onProgress: (epoch, batch, batches) => {
        const now = performance.now();
        // Also the batch a stop lands on: the page says where the run stopped from this report.
        if (now - lastProgress < progressIntervalMs && batch < batches && !stopRequested) return;
        lastProgress = now;
        post({ type: 'progress', epoch, epochs: spec.training.epochs, batch, batches });
      },
      onEpoch: (report) => post({ type: 'epoch', report }),
      shouldStop: () => stopRequested,
    }, names);
    if (result.outcome === 'diverged') {
      post({ type: 'error', message: result.message, hint: result.hint });
    } else {
      post({
        type: 'done',
        outcome: result.outcome,
        history: result.history,
        trainSamples: result.trainSamples,
        validationSamples: result.validationSamples,
        testSamples: result.testSamples,
        test: result.test,
        earlyStopping: result.earlyStopping,
      });
    }
  } catch (error) {
    const dataNode = spec.data.dataset.nodeId;
    post(
      error instanceof BackendUnavailableError
        ? { type: 'error', message: error.message, hint: error.hint }
        : error instanceof MissingUploadError
          ? {
              type: 'error',
              message: `Choose ${error.source.file} on the ${names[dataNode] ?? dataNode} node: its rows are not in this browser.`,
              hint: 'Select that node and pick the file (or one with the same columns); the pipeline keeps its settings.',
            }
          : {
              type: 'error',
              message: `Training failed: ${error instanceof Error ? error.message : String(error)}`,
              hint: 'Try the CPU backend; if it fails there too, the pipeline hit a bug: please report it.',
            },
    );
  }
}
