'use client';

import { useMemo } from 'react';
import { adviseRun, longerEpochs, type Advice } from '@/lib/training/advice';
import { usePipeline } from '@/lib/store/pipeline';
import { useTraining } from '@/lib/store/training';
import { trainPipeline } from '@/lib/store/train-pipeline';
import { PlayIcon } from '@/components/ui/icons';

/**
 * What to do after a run, one line per piece of advice (the whole of it in the tooltip and on
 * focus), each with its way to act: train longer, or show the node to change.
 *
 * `changes`: what differs between the run and the canvas (null when the canvas does not compile).
 * Training longer doubles the run's epochs and trains the canvas again, so it is offered only
 * while the canvas is still the pipeline that ran; otherwise the advice shows the node instead.
 */
export function AdviceList({ changes }: { changes: string[] | null }) {
  const state = useTraining((s) => s.state);
  const outcome = useTraining((s) => s.outcome);
  const origin = useTraining((s) => s.origin);
  const history = useTraining((s) => s.history);
  const results = useTraining((s) => s.results);
  // The first batch's loss is measured before any update: what an untrained model scores.
  const untrainedLoss = useTraining((s) => (s.points[0]?.step === 1 ? s.points[0].loss : undefined));
  const advice = useMemo(
    () => (state === 'done' && origin && outcome ? adviseRun({ spec: origin.spec, names: origin.names, history, results, outcome, untrainedLoss }) : []),
    [state, origin, outcome, history, results, untrainedLoss],
  );
  if (advice.length === 0 || !origin) return null;
  const canTrainLonger = changes?.length === 0;
  return (
    <ul data-testid="advice" aria-label="Advice on this run" className="flex shrink-0 flex-col gap-1">
      {advice.map((a) => (
        <AdviceItem key={a.id} advice={a} trainLonger={a.action === 'train-longer' && canTrainLonger ? longerEpochs(origin.spec) : null} optimizerId={origin.spec.optimizer.nodeId} />
      ))}
    </ul>
  );
}

function AdviceItem({ advice, trainLonger, optimizerId }: { advice: Advice; trainLonger: number | null; optimizerId: string }) {
  const nodeOnCanvas = usePipeline((s) => advice.nodeId !== undefined && s.doc.nodes.some((n) => n.id === advice.nodeId));
  const good = advice.id === 'still-improving';
  return (
    <li data-testid="advice-item" data-advice={advice.id} className="min-w-0">
      {/* `still-improving` names the row as it did before the advice list took the offer in. */}
      <div
        data-testid={good ? 'still-improving' : undefined}
        className={`flex items-center gap-2 text-[11px] leading-[1.4] ${good ? 'text-indigo-100' : 'text-amber-100'}`}
      >
        <span aria-hidden className={`h-1.5 w-1.5 shrink-0 rounded-full ${good ? 'bg-indigo-400' : 'bg-amber-400'}`} />
        {/* Focus shows the whole advice under its title: the tooltip alone is out of a keyboard's reach. */}
        <p title={advice.detail} tabIndex={0} className="group min-w-0 flex-1 truncate focus:whitespace-normal focus:outline-none">
          {advice.title}
          <span className="sr-only group-focus:not-sr-only"> {advice.detail}</span>
        </p>
        {trainLonger !== null ? (
          <button
            type="button"
            data-testid="train-longer"
            onClick={() => {
              usePipeline.getState().updateParams(optimizerId, { epochs: trainLonger });
              trainPipeline();
            }}
            title={`Sets the epochs to ${trainLonger} (undo with Ctrl+Z) and trains again from the start.`}
            className="inline-flex h-6 shrink-0 items-center gap-1.5 rounded-md bg-indigo-500 px-2 text-[11.5px] font-semibold text-white hover:bg-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-300"
          >
            <PlayIcon width={10} height={10} />
            Train longer: {trainLonger} epochs
          </button>
        ) : (
          advice.nodeId !== undefined && (
            <button
              type="button"
              data-testid="advice-show-node"
              disabled={!nodeOnCanvas}
              onClick={() => usePipeline.getState().select({ nodes: [advice.nodeId!], edges: [] })}
              title={nodeOnCanvas ? 'Selects the node to change on the canvas' : 'That node is no longer on the canvas'}
              className="h-6 shrink-0 rounded-md border border-zinc-700 bg-zinc-900 px-2 text-[11px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:border-indigo-500 focus-visible:outline-none disabled:opacity-50"
            >
              Show node
            </button>
          )
        )}
      </div>
    </li>
  );
}
