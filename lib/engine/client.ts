import type { NodeNames } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { Checkpoint, ModelBundle } from '@/lib/runs/model';
import type { ExampleInput } from '@/lib/results/types';
import { crashDetail, superviseWorker, type SupervisedWorker, type WorkerFailure } from '@/lib/workers/supervise-worker';
import { FromWorker, ToWorker, type BackendChoice, type EpochReport, type Prediction, type ProbeCache } from './protocol';

/**
 * The page's side of training. One worker serves every run of the session and stays warm between
 * them (tfjs loaded, shaders compiled, the last model kept for predictions); a crash ends it, and
 * the next run starts a new one. Importing this module loads no tfjs; the worker does.
 */

export interface TrainingRun {
  /** Asks the worker to stop after the current batch (or at once when paused); it then reports 'done'. */
  stop(): void;
  /** Asks the worker to pause after the current batch; it reports 'paused' with a checkpoint. */
  pause(): void;
  /** Continues a paused run. */
  resume(): void;
  /** Ends the worker at once (a run of another pipeline must not go on); no further messages arrive. */
  terminate(): void;
}

interface Engine {
  worker: Worker;
  supervised: SupervisedWorker<FromWorker>;
  /** Where the worker's messages go: the run in progress (or the last one). */
  listener: (message: FromWorker) => void;
  /** The run whose model the worker holds for predictions. */
  modelOf: string | null;
  /** Predictions and model loads waiting for the worker's answer. */
  waiting: Map<number, (message: FromWorker) => void>;
}

let engine: Engine | null = null;
let nextRequest = 1;
const loadRequest = 0;

function warmEngine(): Engine {
  if (engine && !engine.supervised.ended) return engine;
  // This exact `new Worker(new URL(...), { type: 'module' })` shape is what the bundler recognises and bundles.
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const started: Engine = {
    worker,
    listener: () => undefined,
    modelOf: null,
    waiting: new Map(),
    supervised: undefined as unknown as SupervisedWorker<FromWorker>,
  };
  started.supervised = superviseWorker(worker, FromWorker, {
    // The worker outlives each run: only a failure ends it.
    isFinal: () => false,
    onMessage: (message) => {
      if (message.type === 'prediction' || message.type === 'model-loaded') {
        const id = message.type === 'prediction' ? message.id : loadRequest;
        started.waiting.get(id)?.(message);
        started.waiting.delete(id);
        return;
      }
      if (message.type === 'error' && message.kind === 'crashed') {
        // Whoever waits for an answer hears of the crash too.
        for (const answer of started.waiting.values()) answer(message);
        started.waiting.clear();
      }
      started.listener(message);
    },
    failure: (kind, detail) => FromWorker.parse({ type: 'error', kind: 'crashed', ...failures[kind](detail) }),
  });
  engine = started;
  return started;
}

export function startTraining(
  spec: PipelineSpec,
  names: NodeNames,
  backend: BackendChoice,
  probeCache: ProbeCache,
  onMessage: (message: FromWorker) => void,
  resume?: { checkpoint: Checkpoint; history: EpochReport[] },
  /** The run's id: once it is done, the worker holds its model for predictions. */
  runKey?: string,
): TrainingRun {
  const running = warmEngine();
  running.modelOf = null;
  running.listener = (message) => {
    if (message.type === 'done') running.modelOf = runKey ?? null;
    onMessage(message);
  };
  const send = (message: ToWorker) => {
    if (!running.supervised.ended) running.worker.postMessage(message);
  };
  send(ToWorker.parse({ type: 'train', spec, names, backend, probeCache, resume }));
  return {
    stop: () => send({ type: 'stop' }),
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    terminate: () => running.supervised.end(),
  };
}

/**
 * Predicts one input with the model of run `runKey`: the worker holds the last trained model;
 * another run's (reopened from the history) is loaded into it first.
 */
export async function predictWith(
  runKey: string,
  model: ModelBundle,
  input: ExampleInput,
): Promise<{ ok: true; prediction: Prediction } | { ok: false; problem: string }> {
  const running = warmEngine();
  const ask = (message: ToWorker, id: number) =>
    new Promise<FromWorker>((resolve) => {
      running.waiting.set(id, resolve);
      running.worker.postMessage(message);
    });
  if (running.modelOf !== runKey) {
    const loaded = await ask({ type: 'load-model', model }, loadRequest);
    if (loaded.type === 'error') return { ok: false, problem: loaded.message };
    if (loaded.type === 'prediction' && loaded.problem) return { ok: false, problem: loaded.problem };
    running.modelOf = runKey;
  }
  const id = nextRequest++;
  const answer = await ask({ type: 'predict', id, input }, id);
  if (answer.type === 'prediction' && answer.prediction) return { ok: true, prediction: answer.prediction };
  return { ok: false, problem: answer.type === 'prediction' ? (answer.problem ?? 'The model gave no prediction.') : answer.type === 'error' ? answer.message : 'The model gave no prediction.' };
}

/** What the run panel says when the training worker fails without saying so itself. */
const failures: Record<WorkerFailure, (detail?: string) => { message: string; hint: string }> = {
  'not-understood': () => ({ message: 'The training worker sent a message this page does not understand.', hint: 'Reload the page; if it keeps happening, please report it.' }),
  crashed: (detail) => ({
    message: `The training worker crashed${crashDetail(detail)}.`,
    hint: 'Your pipeline is untouched. Press Retry to train again; if it keeps happening, pick the CPU backend.',
  }),
  unreadable: () => ({ message: 'A message from the training worker could not be read.', hint: 'Press Retry to train again.' }),
};
