'use client';

import { useId } from 'react';
import { DownloadIcon } from '@/components/ui/icons';
import { saveFile } from '@/components/ui/save-file';
import { modelZip } from '@/lib/runs/model-files';
import { useTraining } from '@/lib/store/training';

/**
 * "Download model": the shown run's trained model as a zip of model.json and weights.bin (the
 * TensorFlow.js format), preprocessing.json (what the preprocessing learnt) and a README.txt on
 * how to use them. Disabled, with the reason beside it, until a run has a model.
 */
export function DownloadModelButton() {
  const model = useTraining((s) => s.model);
  const name = useTraining((s) => s.origin?.name);
  const running = useTraining((s) => s.state === 'training');
  const reasonId = useId();
  const reason = model
    ? undefined
    : running
      ? 'The model can be downloaded once the run ends with at least one whole epoch.'
      : 'Train the pipeline first: a run keeps its model once it completes an epoch.';

  const download = () => {
    if (!model) return;
    const zip = modelZip(model, name ?? 'pipeline');
    // fflate's zip is over a plain ArrayBuffer; its type only says "some buffer", which Blob refuses.
    saveFile(new Blob([zip.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), zip.fileName);
  };

  return (
    <div className="flex items-center gap-2">
      <button
        type="button"
        data-testid="download-model"
        disabled={!model}
        aria-describedby={reason ? reasonId : undefined}
        title={reason ?? 'model.json, weights.bin and preprocessing.json in a zip, with a README on how to load them'}
        onClick={download}
        className="inline-flex h-8 shrink-0 items-center gap-1.5 rounded-lg border border-zinc-700 bg-zinc-900 px-3 text-[12.5px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:border-zinc-800 disabled:text-zinc-500 disabled:hover:bg-zinc-900"
      >
        <DownloadIcon width={14} height={14} aria-hidden />
        Download model
      </button>
      {reason && (
        <span id={reasonId} data-testid="download-model-reason" className="text-[11.5px] leading-[1.35] text-zinc-500">
          {reason}
        </span>
      )}
    </div>
  );
}
