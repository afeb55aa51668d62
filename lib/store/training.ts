import { create } from 'zustand';
import type { BackendChoice, BackendInfo, EpochReport, FromWorker } from '@/lib/engine/protocol';
import type { PipelineSpec } from '@/lib/spec/spec';

export type RunState = 'idle' | 'training' | 'done' | 'error';

export interface TrainingState {
  state: RunState;
  backendChoice: BackendChoice;
  /** Last status line from the worker ("Loading MNIST…"). */
  message: string;
  backend: BackendInfo | null;
  progress: { epoch: number; epochs: number; batch: number; batches: number } | null;
  history: EpochReport[];
  outcome: 'finished' | 'stopped' | null;
  samples: { train: number; validation: number } | null;
  error: { message: string; hint?: string } | null;
  stopping: boolean;

  setBackendChoice: (choice: BackendChoice) => void;
  start: (spec: PipelineSpec) => Promise<void>;
  stop: () => void;
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
  error: null,
  stopping: false,
} satisfies Partial<TrainingState>;

export const useTraining = create<TrainingState>()((set, get) => ({
  state: 'idle',
  backendChoice: 'auto',
  ...noRunYet,

  setBackendChoice: (backendChoice) => set({ backendChoice }),

  start: async (spec) => {
    if (get().state === 'training') return;
    handle?.terminate();
    handle = null;
    const run = ++runId;
    set({ ...noRunYet, state: 'training', message: 'Starting…' });
    try {
      // Loaded on demand: the client owns the Web Worker, and tfjs stays out of the page's first load.
      const { startTraining } = await import('@/lib/engine/client');
      if (run !== runId) return;
      handle = startTraining(spec, get().backendChoice, (message) => {
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
            samples: { train: m.trainSamples, validation: m.validationSamples },
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
}));
