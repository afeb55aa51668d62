import type { NodeNames } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
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
  let ended = false;
  const end = (last?: FromWorker) => {
    if (ended) return;
    ended = true;
    worker.terminate();
    if (last) onMessage(last);
  };

  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (ended) return;
    const parsed = FromWorker.safeParse(event.data);
    if (!parsed.success) {
      end({ type: 'error', message: 'The training worker sent a message this page does not understand.', hint: 'Reload the page; if it keeps happening, please report it.' });
      return;
    }
    const message = parsed.data;
    if (message.type === 'done' || message.type === 'error') end(message);
    else onMessage(message);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    end({
      type: 'error',
      message: `The training worker crashed${event.message ? `: ${event.message}` : ''}.`,
      hint: 'Reload the page and try again; if it keeps happening, pick the CPU backend.',
    });
  };
  worker.onmessageerror = () => {
    end({ type: 'error', message: 'A message from the training worker could not be read.', hint: 'Reload the page and try again.' });
  };

  worker.postMessage(ToWorker.parse({ type: 'train', spec, names, backend, probeCache }));
  return {
    stop: () => {
      if (!ended) worker.postMessage({ type: 'stop' } satisfies ToWorker);
    },
    terminate: () => end(),
  };
}
