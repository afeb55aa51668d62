import { create } from 'zustand';
import { ProbeCache, type BackendChoice, type BackendInfo, type EpochReport, type FailureKind, type FromWorker, type Prediction } from '@/lib/engine/protocol';
import type { NodeNames } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { ExampleInput, RunResults } from '@/lib/results/types';
import type { BatchPoint, Checkpoint, ModelBundle } from '@/lib/runs/model';
import { extendCurve } from '@/lib/runs/batch-curve';
import { closedMidRun, type RunRecord } from '@/lib/runs/record';
import { usePipeline } from './pipeline';

export type RunState = 'idle' | 'training' | 'paused' | 'done' | 'error';

/** A run that has started and not ended: training, or paused (it still holds its model). */
export const inProgress = (state: RunState) => state === 'training' || state === 'paused';

/** What a run was started from: the panel compares it with the canvas, so the two never silently disagree. */
export interface RunOrigin {
  /** The pipeline's name when the run started. */
  name: string;
  /** Exactly what trains; an edit made during the run applies to the next run only. */
  spec: PipelineSpec;
  /** When it started, in ms since the epoch: names the version of the pipeline the run belongs to. */
  startedAt: number;
  /** How the canvas named the nodes then: a node removed since is still named as it was. */
  names: NodeNames;
}

export interface TrainingState {
  state: RunState;
  backendChoice: BackendChoice;
  origin: RunOrigin | null;
  /** Last status line from the worker ("Loading MNIST…"). */
  message: string;
  backend: BackendInfo | null;
  progress: { epoch: number; epochs: number; batch: number; batches: number } | null;
  history: EpochReport[];
  outcome: 'finished' | 'stopped' | null;
  samples: { train: number; validation: number; test: number } | null;
  /** The loss and every metric on the test rows, measured once after training; null without test rows. */
  test: Record<string, number> | null;
  /** What early stopping did, in one sentence; null when it is off or the run has not ended. */
  earlyStopping: string | null;
  error: { message: string; hint?: string; kind: FailureKind } | null;
  stopping: boolean;
  /** Asked to pause; the worker pauses after the current batch. */
  pausing: boolean;
  /** Every training batch of the run so far, for the live charts. */
  points: BatchPoint[];
  /** Training time (pauses left out) and samples trained on, of this stretch of the run: its pace and ETA. */
  pace: { elapsedMs: number; samples: number; totalSamples: number } | null;
  /** The results panel's numbers, once the run ended with at least one epoch. */
  results: RunResults | null;
  /** The trained model and its preprocessing, once the run ended with at least one epoch. */
  model: ModelBundle | null;
  /** The id of the run (its RunRecord) in the panel. */
  runId: string | null;
  /** Where a paused run resumes (or a run whose GPU was lost). */
  checkpoint: Checkpoint | null;
  /** Another pipeline is waiting to open while a run is in progress: the panel asks first. */
  leaving: { target: string; open: () => void } | null;

  setBackendChoice: (choice: BackendChoice) => void;
  start: (spec: PipelineSpec, name: string, names: NodeNames) => Promise<void>;
  stop: () => void;
  pause: () => void;
  /** Continues a paused run: in the worker that holds it, or from its checkpoint after a reload. */
  resume: () => void;
  /** Trains the run's pipeline again, as it was, after a failure. */
  retry: () => void;
  /** Goes on from the checkpoint on another backend (after the GPU was lost). */
  resumeOn: (backend: BackendChoice) => void;
  /** Predicts one input with the run's model. */
  predict: (input: ExampleInput) => Promise<{ ok: true; prediction: Prediction } | { ok: false; problem: string }>;
  /** Shows a kept run (reopened from the run history) in the panel. */
  openRun: (record: RunRecord) => void;
  /** Opens another pipeline now unless a run is training; then asks first (see `answerLeave`). */
  confirmLeave: (target: string, open: () => void) => void;
  /** The answer: stop the run and open the other pipeline, or keep training and open nothing. */
  answerLeave: (stopAndOpen: boolean) => void;
}

interface RunHandle {
  stop(): void;
  pause(): void;
  resume(): void;
  terminate(): void;
}

let handle: RunHandle | null = null;
let runId = 0;

/** What a run knows before its worker has said anything. */
const noRunYet = {
  message: '',
  backend: null,
  progress: null,
  history: [],
  outcome: null,
  samples: null,
  test: null,
  earlyStopping: null,
  error: null,
  stopping: false,
  pausing: false,
  points: [],
  pace: null,
  results: null,
  model: null,
  runId: null,
  checkpoint: null,
} satisfies Partial<TrainingState>;

function newRunId(): string {
  return `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Backend timings per browser and model size: "auto" measures a model once, not every run. */
const probeCacheKey = 'pipeline-builder:backend-probes';
const probeCacheLimit = 20;

function readProbeCache(): ProbeCache {
  try {
    const parsed = ProbeCache.safeParse(JSON.parse(window.localStorage.getItem(probeCacheKey) ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function keepProbe(key: string, timings: ProbeCache[string]) {
  const { [key]: _old, ...rest } = readProbeCache();
  // Newest last; the oldest measurements go first.
  const entries = [...Object.entries(rest), [key, timings] as const].slice(-probeCacheLimit);
  try {
    window.localStorage.setItem(probeCacheKey, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Storage full or disabled: "auto" then measures again next time.
  }
}

export const useTraining = create<TrainingState>()((set, get) => ({
  state: 'idle',
  backendChoice: 'auto',
  origin: null,
  leaving: null,
  ...noRunYet,

  setBackendChoice: (backendChoice) => set({ backendChoice }),

  start: async (spec, name, names) => {
    if (inProgress(get().state)) return;
    set({ ...noRunYet, state: 'training', message: 'Starting…', runId: newRunId(), origin: { name, spec, startedAt: Date.now(), names } });
    await launch(spec, names);
  },

  stop: () => {
    const { state } = get();
    if (!inProgress(state)) return;
    set({ stopping: true, pausing: false, message: state === 'paused' ? 'Stopping…' : 'Stopping after this batch…' });
    // A run paused before a reload has no worker: it ends where it paused.
    if (!handle) finishPaused();
    else handle.stop();
  },

  pause: () => {
    if (get().state !== 'training' || get().stopping) return;
    set({ pausing: true, message: 'Pausing after this batch…' });
    handle?.pause();
  },

  resume: () => {
    const { state, checkpoint, origin, history } = get();
    if (state !== 'paused') return;
    if (handle) {
      set({ state: 'training', message: 'Training…' });
      handle.resume();
      return;
    }
    // Paused before a reload: a new worker goes on from the checkpoint.
    if (!checkpoint || !origin) return;
    set({ state: 'training', message: 'Resuming…', stopping: false, pausing: false });
    void launch(origin.spec, origin.names, { checkpoint, history });
  },

  retry: () => {
    const { origin, state } = get();
    if (!origin || inProgress(state)) return;
    void get().start(origin.spec, origin.name, origin.names);
  },

  resumeOn: (backend) => {
    const { checkpoint, origin, history, state } = get();
    if (!checkpoint || !origin || inProgress(state)) return;
    set({ backendChoice: backend, state: 'training', message: 'Resuming…', error: null, stopping: false, pausing: false });
    void launch(origin.spec, origin.names, { checkpoint, history: history.filter((r) => r.epoch <= checkpoint.epoch) });
  },

  predict: async (input) => {
    const { model, runId: shown } = get();
    if (!model || !shown) return { ok: false, problem: 'Train the pipeline first: predictions need a trained model.' };
    const { predictWith } = await import('@/lib/engine/client');
    return predictWith(shown, model, input);
  },

  openRun: (record) => {
    handle?.terminate();
    handle = null;
    runId++;
    const state: RunState = record.status === 'paused' ? 'paused' : record.status === 'failed' || record.status === 'running' ? 'error' : 'done';
    set({
      ...noRunYet,
      state,
      runId: record.id,
      origin: { name: record.pipelineName, spec: record.spec, startedAt: record.startedAt, names: record.names },
      backend: record.backend,
      history: record.history,
      // A run kept before curves were capped can hold every batch of thousands.
      points: extendCurve([], record.points),
      outcome: record.status === 'finished' ? 'finished' : record.status === 'stopped' ? 'stopped' : null,
      samples: record.samples,
      test: record.test,
      earlyStopping: record.earlyStopping,
      results: record.results,
      model: record.model,
      checkpoint: record.checkpoint,
      error: record.error ? { ...record.error, kind: 'failed' } : state === 'error' ? { message: closedMidRun, kind: 'failed' } : null,
      progress: lastPosition(record),
    });
  },

  confirmLeave: (target, open) => {
    // Only a run training now would be lost: a paused one stays kept, paused at its checkpoint,
    // and shows again, ready to resume, when its pipeline is opened (lib/runs/keep-runs.ts).
    if (get().state === 'training') set({ leaving: { target, open } });
    else open();
  },

  answerLeave: (stopAndOpen) => {
    const leaving = get().leaving;
    set({ leaving: null });
    // Opening the other pipeline ends the run (see the subscription below).
    if (stopAndOpen) leaving?.open();
  },
}));

/** Where a kept run had got to, for its headline ("Stopped in epoch 2 of 5, at batch 30 of 75"). */
function lastPosition(record: RunRecord): TrainingState['progress'] {
  const last = record.points[record.points.length - 1];
  const epochs = record.spec.training.epochs;
  const batches = record.batchesPerEpoch ?? (record.samples ? Math.ceil(record.samples.train / record.spec.training.batchSize) : undefined);
  if (record.checkpoint && batches) return { epoch: record.checkpoint.epoch + 1, epochs, batch: record.checkpoint.batch, batches };
  if (!last || !batches) return null;
  return { epoch: last.epoch, epochs, batch: last.step - (last.epoch - 1) * batches, batches };
}

/** Starts (or resumes) the run in the store on the warm training worker. */
async function launch(spec: PipelineSpec, names: NodeNames, resume?: { checkpoint: Checkpoint; history: EpochReport[] }) {
  const run = ++runId;
  const { getState: get, setState: set } = useTraining;
  try {
    // Loaded on demand: the client owns the Web Worker, and tfjs stays out of the page's first load.
    const { startTraining } = await import('@/lib/engine/client');
    if (run !== runId) return;
    handle = startTraining(spec, names, get().backendChoice, readProbeCache(), (message) => {
      if (run === runId) receive(message);
    }, resume, get().runId ?? undefined);
    if (get().stopping) handle.stop();
    else if (get().pausing) handle.pause();
  } catch (error) {
    set({
      state: 'error',
      error: {
        message: `Training could not start: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'Reload the page and try again.',
        kind: 'failed',
      },
    });
  }

  function receive(m: FromWorker) {
    switch (m.type) {
      case 'status':
        set({ message: m.message });
        break;
      case 'backend':
        set({ backend: m.backend });
        if (m.measured) keepProbe(m.measured.key, m.measured.timings);
        break;
      case 'progress': {
        const batches = m.batches;
        const totalSamples = Math.max(0, (m.epochs * batches - (resume ? resume.checkpoint.epoch * batches + resume.checkpoint.batch : 0)) * spec.training.batchSize);
        set((s) => ({
          progress: { epoch: m.epoch, epochs: m.epochs, batch: m.batch, batches },
          points: extendCurve(s.points, m.points),
          pace: { elapsedMs: m.elapsedMs, samples: m.samples, totalSamples },
        }));
        break;
      }
      case 'epoch':
        set((s) => ({ history: [...s.history.filter((r) => r.epoch !== m.report.epoch), m.report] }));
        break;
      case 'paused':
        set({ state: 'paused', pausing: false, checkpoint: m.checkpoint, message: 'Paused' });
        break;
      case 'resumed':
        set({ state: 'training', checkpoint: null, message: 'Training…' });
        break;
      case 'done':
        set({
          state: 'done',
          outcome: m.outcome,
          history: m.history.length > 0 ? m.history : get().history,
          samples: { train: m.trainSamples, validation: m.validationSamples, test: m.testSamples },
          test: m.test ?? null,
          earlyStopping: m.earlyStopping ?? null,
          results: m.results ?? null,
          model: m.model ?? null,
          checkpoint: null,
          stopping: false,
          pausing: false,
        });
        break;
      case 'error':
        set({ state: 'error', error: { message: m.message, hint: m.hint, kind: m.kind }, checkpoint: m.checkpoint ?? null, stopping: false, pausing: false });
        // A GPU out of memory or lost leaves the worker's backend unusable: the next run starts afresh.
        if (m.kind === 'out-of-memory' || m.kind === 'device-lost') handle?.terminate();
        if (m.kind !== 'diverged' && m.kind !== 'failed') handle = null;
        break;
      case 'prediction':
      case 'model-loaded':
        break;
    }
  }
}

/** Ends a run paused before a reload where it paused: its numbers are what it had. */
function finishPaused() {
  useTraining.setState({ state: 'done', outcome: 'stopped', stopping: false, checkpoint: null, message: '' });
}

/**
 * A run belongs to the pipeline it was started from. When another one is opened, the run (if any)
 * ends and its numbers go: charts of the old pipeline must not sit under the new canvas.
 */
usePipeline.subscribe((state, previous) => {
  if (state.opened === previous.opened) return;
  // A run in progress ends with its pipeline; an idle worker stays warm for the next one.
  if (inProgress(useTraining.getState().state)) handle?.terminate();
  handle = null;
  runId++;
  useTraining.setState({ ...noRunYet, state: 'idle', origin: null, leaving: null });
});
