import type { NodeNames } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
import { crashDetail, superviseWorker, type WorkerFailure } from '@/lib/workers/supervise-worker';
import { FromWorker, ToWorker, type BackendChoice, type ProbeCache } from './protocol';

/**
 * The page's side of training: starts a worker per run and hands its messages, checked, to the
 * caller. Importing this module loads no tfjs; the worker does, when a run starts.
 */

export interface TrainingRun {
  /** Asks the worker to stop after the current batch; it then reports 'done' with outcome 'stopped'. */
  stop(): void;
  /** Ends the worker at once; no further messages arrive. */
  terminate(): void;
}

export function startTraining(
  spec: PipelineSpec,
  names: NodeNames,
  backend: BackendChoice,
  probeCache: ProbeCache,
  onMessage: (message: FromWorker) => void,
): TrainingRun {
  // This exact `new Worker(new URL(...), { type: 'module' })` shape is what the bundler recognises and bundles.
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const run = superviseWorker(worker, FromWorker, {
    isFinal: (message) => message.type === 'done' || message.type === 'error',
    onMessage,
    failure: (kind, detail) => FromWorker.parse({ type: 'error', kind: 'crashed', ...failures[kind](detail) }),
  });

  worker.postMessage(ToWorker.parse({ type: 'train', spec, names, backend, probeCache }));
  return {
    stop: () => {
      if (!run.ended) worker.postMessage({ type: 'stop' } satisfies ToWorker);
    },
    terminate: () => run.end(),
  };
}

/** What the run panel says when the training worker fails without saying so itself. */
const failures: Record<WorkerFailure, (detail?: string) => { message: string; hint: string }> = {
  'not-understood': () => ({ message: 'The training worker sent a message this page does not understand.', hint: 'Reload the page; if it keeps happening, please report it.' }),
  crashed: (detail) => ({
    message: `The training worker crashed${crashDetail(detail)}.`,
    hint: 'Reload the page and try again; if it keeps happening, pick the CPU backend.',
  }),
  unreadable: () => ({ message: 'A message from the training worker could not be read.', hint: 'Reload the page and try again.' }),
};
