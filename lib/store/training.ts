import { create } from 'zustand';
import { ProbeCache, type BackendChoice, type BackendInfo, type EpochReport, type FromWorker } from '@/lib/engine/protocol';
import type { NodeNames } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
import { usePipeline } from './pipeline';

export type RunState = 'idle' | 'training' | 'done' | 'error';

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
  error: { message: string; hint?: string } | null;
  stopping: boolean;
  /** Another pipeline is waiting to open while a run is in progress: the panel asks first. */
  leaving: { target: string; open: () => void } | null;

  setBackendChoice: (choice: BackendChoice) => void;
  start: (spec: PipelineSpec, name: string, names: NodeNames) => Promise<void>;
  stop: () => void;
  /** Opens another pipeline now when no run is in progress; otherwise asks first (see `answerLeave`). */
  confirmLeave: (target: string, open: () => void) => void;
  /** The answer: stop the run and open the other pipeline, or keep training and open nothing. */
  answerLeave: (stopAndOpen: boolean) => void;
}

interface RunHandle {
  stop(): void;
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
} satisfies Partial<TrainingState>;

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
    if (get().state === 'training') return;
    handle?.terminate();
    handle = null;
    const run = ++runId;
    set({ ...noRunYet, state: 'training', message: 'Starting…', origin: { name, spec, startedAt: Date.now(), names } });
    try {
      // Loaded on demand: the client owns the Web Worker, and tfjs stays out of the page's first load.
      const { startTraining } = await import('@/lib/engine/client');
      if (run !== runId) return;
      handle = startTraining(spec, names, get().backendChoice, readProbeCache(), (message) => {
        if (run === runId) receive(message);
      });
      if (get().stopping) handle.stop();
    } catch (error) {
      set({
        state: 'error',
        error: {
          message: `Training could not start: ${error instanceof Error ? error.message : String(error)}`,
          hint: 'Reload the page and try again.',
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
        case 'progress':
          set({ progress: { epoch: m.epoch, epochs: m.epochs, batch: m.batch, batches: m.batches } });
          break;
        case 'epoch':
          set((s) => ({ history: [...s.history.filter((r) => r.epoch !== m.report.epoch), m.report] }));
          break;
        case 'done':
          set({
            state: 'done',
            outcome: m.outcome,
            history: m.history.length > 0 ? m.history : get().history,
            samples: { train: m.trainSamples, validation: m.validationSamples, test: m.testSamples },
            test: m.test ?? null,
            earlyStopping: m.earlyStopping ?? null,
            stopping: false,
          });
          handle?.terminate();
          handle = null;
          break;
        case 'error':
          set({ state: 'error', error: { message: m.message, hint: m.hint }, stopping: false });
          handle?.terminate();
          handle = null;
          break;
      }
    }
  },

  stop: () => {
    if (get().state !== 'training') return;
    set({ stopping: true, message: 'Stopping after this batch…' });
    handle?.stop();
  },

  confirmLeave: (target, open) => {
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

/**
 * A run belongs to the pipeline it was started from. When another one is opened, the run (if any)
 * ends and its numbers go: charts of the old pipeline must not sit under the new canvas.
 */
usePipeline.subscribe((state, previous) => {
  if (state.opened === previous.opened) return;
  handle?.terminate();
  handle = null;
  runId++;
  useTraining.setState({ ...noRunYet, state: 'idle', origin: null, leaving: null });
});
