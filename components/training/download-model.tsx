'use client';

import { useId } from 'react';
import { DownloadIcon } from '@/components/ui/icons';
import { saveFile } from '@/components/ui/save-file';
import { modelZip } from '@/lib/runs/model-files';
import { useTraining } from '@/lib/store/training';

/**
 * "Download model": the shown run's trained model as a zip of model.json and weights.bin (the
 * TensorFlow.js format), preprocessing.json (what the preprocessing learnt) and a README.txt on
 * how to use them. Disabled, with the reason, until a run has a model.
 */
export function DownloadModelButton() {
  const model = useTraining((s) => s.model);
  const name = useTraining((s) => s.origin?.name);
  const state = useTraining((s) => s.state);
  const reasonId = useId();
  const reason = model
    ? undefined
    : state === 'training' || state === 'paused'
      ? 'The model can be downloaded once the run ends with at least one whole epoch.'
      : state === 'idle'
        ? 'Train the pipeline first: a run keeps its model once it completes an epoch.'
        : 'This run ended before completing an epoch, so it kept no model: train again.';

  const download = () => {
    if (!model) return;
    const zip = modelZip(model, name ?? 'pipeline');
    // fflate's zip is over a plain ArrayBuffer; its type only says "some buffer", which Blob refuses.
    saveFile(new Blob([zip.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), zip.fileName);
  };

  return (
    <div className="flex min-w-0 items-center gap-1.5">
      <button
        type="button"
        data-testid="download-model"
        disabled={!model}
        aria-describedby={reason ? reasonId : undefined}
        title={reason ?? 'model.json, weights.bin and preprocessing.json in a zip, with a README on how to load them'}
        onClick={download}
        className="inline-flex h-7 shrink-0 items-center gap-1.5 rounded-md px-2 text-[12px] font-medium text-indigo-200 hover:bg-indigo-500/10 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none disabled:cursor-not-allowed disabled:text-zinc-600 disabled:hover:bg-transparent"
      >
        <DownloadIcon width={13} height={13} aria-hidden />
        Download model
      </button>
      {/* Before and during a run the reason is the tooltip (and the screen reader's description); after a run that kept no model, it shows. */}
      {reason && (
        <span
          id={reasonId}
          data-testid="download-model-reason"
          className={state === 'done' || state === 'error' ? 'min-w-0 text-[11.5px] leading-[1.35] text-zinc-500' : 'sr-only'}
        >
          {reason}
        </span>
      )}
    </div>
  );
}
