/// <reference lib="webworker" />
import type * as Tf from '@tensorflow/tfjs';
import { fetchDatasetFile } from '@/lib/datasets/fetch-file';
import { MissingUploadError, loadSourceTable, sourceLabel } from '@/lib/datasets/source';
import { readUpload } from '@/lib/storage/uploads';
import type { NodeNames } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { BatchPoint, Checkpoint, ModelBundle, Preprocessing } from '@/lib/runs/model';
import { loadModel, modelBundle, preprocessingOf } from '@/lib/runs/model-files';
import { predictOne } from '@/lib/predict/predict';
import type { ExampleInput } from '@/lib/results/types';
import { BackendUnavailableError, selectBackend } from './backend';
import { classifyFailure } from './failures';
import { ToWorker, progressIntervalMs, type BackendChoice, type EpochReport, type FromWorkerMessage, type ProbeCache } from './protocol';
import { prepareRun, train, type HeldOutPredictions } from './train';
import { computeResults } from '@/lib/results/compute';
import { rowExample, tensorExample, textExample } from '@/lib/results/examples';
import type { PreparedData } from '@/lib/data/run';
import type { RunResults } from '@/lib/results/types';

/**
 * The training Web Worker: tfjs runs here, off the page's main thread. It stays alive between
 * runs of a session (the page keeps it warm), so a second run neither loads tfjs again nor
 * compiles the GPU shaders it already compiled. It keeps the last run's model for predictions.
 */

declare const self: DedicatedWorkerGlobalScope;

type TfModule = typeof Tf;

/** The run in progress, if any: what the page asked of it between batches. */
let run: {
  stop: boolean;
  pause: boolean;
  /** Set while paused: settles the pause with the page's answer. */
  answer?: (answer: 'resume' | 'stop') => void;
} | null = null;

/** The last trained model (or one loaded from a kept run) and its preprocessing, for predictions until the next run. */
let kept: { model: Tf.LayersModel; preprocessing: Preprocessing; names: NodeNames } | null = null;

let tfLoading: Promise<TfModule> | null = null;

function post(message: FromWorkerMessage, transfer: Transferable[] = []) {
  self.postMessage(message, transfer);
}

/** tfjs, loaded once per worker; the WebGPU backend registers itself where navigator.gpu exists. */
function loadTf(choice: BackendChoice): Promise<TfModule> {
  tfLoading ??= import('@tensorflow/tfjs');
  return tfLoading.then(async (tf) => {
    if ((choice === 'auto' || choice === 'webgpu') && !tf.findBackend('webgpu')) await import('@tensorflow/tfjs-backend-webgpu');
    return tf;
  });
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = ToWorker.safeParse(event.data);
  if (!parsed.success) {
    post({ type: 'error', message: 'The training worker received a request it does not understand.', hint: 'Reload the page and try again.' });
    return;
  }
  const message = parsed.data;
  switch (message.type) {
    case 'stop':
      if (!run) return;
      run.stop = true;
      run.answer?.('stop');
      return;
    case 'pause':
      if (run && !run.answer) run.pause = true;
      return;
    case 'resume':
      if (!run?.answer) return;
      run.pause = false;
      run.answer('resume');
      return;
    case 'train':
      if (run) {
        post({ type: 'error', message: 'A training run is already in progress.', hint: 'Stop it before starting another.' });
        return;
      }
      run = { stop: false, pause: false };
      void trainRun(message.spec, message.names, message.backend, message.probeCache, message.resume).finally(() => {
        run = null;
      });
      return;
    case 'predict':
      void predict(message.id, message.input);
      return;
    case 'load-model':
      void loadKept(message.model);
      return;
  }
};

/** Answers a prediction with the kept model; a problem (no model, an input it cannot read) in words. */
async function predict(id: number, input: ExampleInput) {
  try {
    if (!kept) {
      post({ type: 'prediction', id, problem: 'No trained model here yet: train the pipeline first.' });
      return;
    }
    const tf = await loadTf('cpu');
    const answer = await predictOne(tf, kept.model, kept.preprocessing, input, kept.names);
    post('problem' in answer ? { type: 'prediction', id, problem: answer.problem } : { type: 'prediction', id, prediction: answer });
  } catch (error) {
    post({ type: 'prediction', id, problem: `The model could not predict this: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** Loads a kept run's model (reopened after a reload) in place of the last one; a failure answers request 0. */
async function loadKept(bundle: ModelBundle) {
  try {
    if (run) throw new Error('a run is training: try again when it ends');
    const tf = await loadTf('cpu');
    // A page reload starts tfjs on its default backend; the kept run trained elsewhere, but any backend predicts.
    const model = await loadModel(tf, bundle);
    kept?.model.dispose();
    kept = { model, preprocessing: bundle.preprocessing, names: {} };
    post({ type: 'model-loaded' });
  } catch (error) {
    post({ type: 'prediction', id: 0, problem: `The run's model could not be loaded: ${error instanceof Error ? error.message : String(error)}` });
  }
}

async function trainRun(
  spec: PipelineSpec,
  names: NodeNames,
  choice: BackendChoice,
  probeCache: ProbeCache,
  resume: { checkpoint: Checkpoint; history: EpochReport[] } | undefined,
) {
  const control = run!;
  let backendName = 'cpu';
  const batchSize = spec.training.batchSize;
  let lastEpochCheckpoint: Checkpoint | undefined = resume?.checkpoint;
  try {
    post({ type: 'status', message: tfLoading ? 'Preparing…' : 'Loading TensorFlow.js…' });
    const tf = await loadTf(choice);
    // A new run replaces the model kept for predictions.
    kept?.model.dispose();
    kept = null;

    // The data first: "auto" compares backends on the whole run, which depends on its size.
    post({ type: 'status', message: `Loading ${sourceLabel(spec.data.dataset)}…` });
    const table = await loadSourceTable(spec.data.dataset, { readFile: fetchDatasetFile, readUpload });
    const data = prepareRun(spec, table);
    const trainSamples = data.train.rows;
    const runBatch = Math.min(batchSize, trainSamples);

    post({ type: 'status', message: 'Starting the backend…' });
    const selection = await selectBackend(
      tf,
      choice,
      { spec, batchSize: runBatch, totalBatches: Math.ceil(trainSamples / runBatch) * spec.training.epochs },
      probeCache,
      (message) => post({ type: 'status', message }),
    );
    post({ type: 'backend', ...selection });
    backendName = tf.getBackend();

    // The pace: training time without pauses (nor loading and shader compilation before the first batch).
    const batchesPerEpoch = Math.ceil(trainSamples / batchSize);
    const firstBatch = resume ? resume.checkpoint.epoch * batchesPerEpoch + resume.checkpoint.batch : 0;
    let activeMs = 0;
    let activeSince: number | undefined;
    let points: BatchPoint[] = [];
    let lastProgress = 0;
    let position = { epoch: 1, batch: 0, batches: batchesPerEpoch };
    const samplesDone = () => Math.min(trainSamples, position.batch * batchSize) + (position.epoch - 1) * trainSamples - firstBatch * batchSize;
    const postProgress = () => {
      const now = performance.now();
      lastProgress = now;
      post({
        type: 'progress',
        epochs: spec.training.epochs,
        ...position,
        points,
        elapsedMs: activeMs + (activeSince === undefined ? 0 : now - activeSince),
        samples: Math.max(0, samplesDone()),
      });
      points = [];
    };

    const result = await train(
      tf,
      spec,
      data,
      {
        onStatus: (message) => post({ type: 'status', message }),
        onPoints: (read) => points.push(...read),
        onProgress: (epoch, batch, batches) => {
          const now = performance.now();
          activeSince ??= now;
          position = { epoch, batch, batches };
          // Also the batch a stop lands on: the page says where the run stopped from this report.
          if (now - lastProgress < progressIntervalMs && batch < batches && !control.stop) return;
          postProgress();
        },
        onEpoch: (report) => post({ type: 'epoch', report }),
        shouldStop: () => control.stop,
        shouldPause: () => control.pause,
        onPause: (checkpoint) =>
          new Promise<'resume' | 'stop'>((resolve) => {
            if (activeSince !== undefined) activeMs += performance.now() - activeSince;
            activeSince = undefined;
            postProgress();
            post({ type: 'paused', checkpoint }, [checkpoint.weights.data, checkpoint.optimizer.data]);
            control.answer = (answer) => {
              control.answer = undefined;
              control.pause = false;
              if (answer === 'resume') {
                activeSince = performance.now();
                post({ type: 'resumed' });
              }
              resolve(answer);
            };
          }),
      },
      names,
      {
        keepModel: true,
        resume,
        // A WebGPU device can be lost mid-run (a driver reset, the GPU taken away); its memory goes
        // with it, so the last epoch is kept here. Not on WebGL: reading its textures back compiles a
        // shader per weight shape, which measured seconds on a first run.
        onEpochCheckpoint: backendName === 'webgpu' ? (checkpoint) => (lastEpochCheckpoint = checkpoint) : undefined,
      },
    );
    postProgress();
    if (result.model) kept = { model: result.model, preprocessing: preprocessingOf(spec, result.fitted, result.ranges), names };
    if (result.outcome === 'diverged') {
      post({ type: 'error', kind: 'diverged', message: result.message, hint: result.hint });
    } else {
      // The model as files with what the preprocessing learnt: the run keeps it, the page downloads it.
      const model = kept && result.history.length > 0 ? await modelBundle(tf, kept.model, kept.preprocessing) : undefined;
      post(
        {
          type: 'done',
          outcome: result.outcome,
          history: result.history,
          trainSamples: result.trainSamples,
          validationSamples: result.validationSamples,
          testSamples: result.testSamples,
          test: result.test,
          earlyStopping: result.earlyStopping,
          results: result.heldOut && heldOutResults(result.heldOut, data.tables, table.ordered),
          model,
        },
        model ? [model.weights] : [],
      );
    }
  } catch (error) {
    const dataNode = spec.data.dataset.nodeId;
    if (error instanceof BackendUnavailableError) {
      post({ type: 'error', message: error.message, hint: error.hint });
    } else if (error instanceof MissingUploadError) {
      post({
        type: 'error',
        message: `Choose ${error.source.file} on the ${names[dataNode] ?? dataNode} node: its rows are not in this browser.`,
        hint: 'Select that node and pick the file (or one with the same columns); the pipeline keeps its settings.',
      });
    } else {
      const failure = classifyFailure(error, { backend: backendName, batchSize });
      const checkpoint = failure.kind === 'device-lost' ? lastEpochCheckpoint : undefined;
      post({ type: 'error', ...failure, checkpoint }, checkpoint ? [checkpoint.weights.data, checkpoint.optimizer.data] : []);
    }
  }
}

/**
 * The results panel's numbers from the model's outputs on the held-out rows. A numeric target of
 * rows in time order is a forecast. A misclassified row is shown as a person reads it (its text,
 * or its cells as the file had them) when the part's rows line up with the model's; an image, or
 * a row a later step reshaped (time windows), as the model read it.
 */
function heldOutResults({ part, data, prediction, outputs }: HeldOutPredictions, tables: PreparedData['tables'], ordered: boolean): RunResults {
  const { target } = data;
  const raw = tables[part];
  const aligned = raw && raw.rows === data.rows ? raw : undefined;
  const text = aligned?.columns.find((c) => c.type === 'text');
  const pictured = aligned?.columns.some((c) => c.type === 'image' || c.type === 'series');
  return computeResults({
    task: target.kind === 'classes' ? 'classification' : ordered ? 'forecast' : 'regression',
    part,
    target,
    prediction,
    outputs,
    example: (row) =>
      !aligned || pictured ? tensorExample(data.inputs[0], row) : text ? textExample(aligned, text.name, row) : rowExample(aligned, row),
  });
}
