'use client';

import { useMemo, useState } from 'react';
import { formatShape } from '@/lib/shape/shape';
import { bytesPerValue, formatBytes, modelSummary, type ModelSummary, type SummaryRow } from '@/lib/summary/model-summary';
import { useCompiled } from '@/lib/store/compiled';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { AlertIcon, LayersIcon } from '@/components/ui/icons';
import { CloseButton, Modal } from '@/components/ui/modal';
import { formatCount } from '@/components/ui/theme';

/** The Summary button in the top bar and the dialog it opens. */
export function ModelSummaryButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        data-testid="model-summary-button"
        aria-haspopup="dialog"
        aria-label="Model summary"
        title="Model summary: layers, shapes, parameters and memory"
        onClick={() => setOpen(true)}
        className="flex h-8 items-center gap-1.5 rounded-lg border border-zinc-700 bg-zinc-900 px-2.5 text-[12.5px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-300 xl:px-3"
      >
        <LayersIcon width={14} height={14} />
        <span className="hidden xl:inline">Summary</span>
      </button>
      {open && <ModelSummaryDialog onClose={() => setOpen(false)} />}
    </>
  );
}

/** Keras's model.summary() for the pipeline on the canvas; mounted while open, so it is worked out only then. */
function ModelSummaryDialog({ onClose }: { onClose: () => void }) {
  const doc = usePipeline((s) => s.doc);
  const { analysis } = useCompiled();
  const summary = useMemo(() => modelSummary(doc, analysis), [doc, analysis]);
  const select = usePipeline((s) => s.select);
  const requestFocus = useUi((s) => s.requestFocus);
  const pick = (nodeId: string) => {
    select({ nodes: [nodeId], edges: [] });
    requestFocus(nodeId);
    onClose();
  };
  // "Connected to" says something only where the layers do not simply follow one another.
  const branched = summary.rows.some((row, i) => i > 0 && (row.connectedTo.length !== 1 || row.connectedTo[0] !== summary.rows[i - 1].name));

  return (
    <Modal open onClose={onClose} labelledBy="model-summary-title" describedBy="model-summary-what" testId="model-summary" className="flex max-h-full max-w-[760px] flex-col overflow-hidden">
      <div className="flex shrink-0 items-start justify-between gap-3 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <LayersIcon width={16} height={16} className="text-indigo-300" />
            <h2 id="model-summary-title" className="text-[15px] font-semibold text-zinc-50">
              Model summary
            </h2>
          </div>
          <p id="model-summary-what" className="mt-1 text-[12.5px] leading-[1.45] text-zinc-400">
            The layers in the order data flows through them, as Keras&apos;s <code className="text-zinc-300">model.summary()</code> lists them. Click a layer to select it on the canvas.
          </p>
        </div>
        <CloseButton onClick={onClose} testId="model-summary-close" className="-mt-1 -mr-1.5" />
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto border-t border-zinc-800">
        {summary.rows.length > 0 && (
          <table className="w-full border-collapse text-[12.5px]">
            <thead className="sticky top-0 bg-zinc-925 text-left text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">
              <tr className="border-b border-zinc-800">
                <th scope="col" className="py-2 pr-3 pl-5 font-semibold">
                  Layer (type)
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Output shape
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Params
                </th>
                {branched && (
                  <th scope="col" className="py-2 pr-5 pl-3 font-semibold">
                    Connected to
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {summary.rows.map((row) => (
                <Row key={row.nodeId} row={row} branched={branched} onPick={pick} />
              ))}
            </tbody>
          </table>
        )}
      </div>

      <Totals summary={summary} />
    </Modal>
  );
}

function Row({ row, branched, onPick }: { row: SummaryRow; branched: boolean; onPick: (nodeId: string) => void }) {
  return (
    <tr
      data-testid="model-summary-row"
      data-node-id={row.nodeId}
      onClick={() => onPick(row.nodeId)}
      className="cursor-pointer border-b border-zinc-800/60 align-top hover:bg-zinc-800/50 focus-within:bg-zinc-800/50"
    >
      <td className="py-2 pr-3 pl-5">
        <button
          type="button"
          data-testid="model-summary-layer"
          title={`Select ${row.name} on the canvas`}
          onClick={(e) => {
            e.stopPropagation();
            onPick(row.nodeId);
          }}
          className="rounded text-left font-medium text-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-400"
        >
          {row.name}
        </button>
        <span className="block text-[11.5px] text-zinc-500">{row.kind}</span>
      </td>
      <td data-testid="model-summary-shape" className="px-3 py-2 font-mono text-[12px] whitespace-nowrap text-zinc-300">
        {row.outputShape ? formatShape(row.outputShape) : <span className="font-sans text-amber-300/90">unknown</span>}
      </td>
      <td data-testid="model-summary-params" className="px-3 py-2 text-right font-mono text-[12px] whitespace-nowrap text-zinc-300 tabular-nums">
        {row.params !== undefined ? formatCount(row.params) : <span className="font-sans text-amber-300/90">unknown</span>}
      </td>
      {branched && <td className="py-2 pr-5 pl-3 text-[11.5px] text-zinc-400">{row.connectedTo.join(', ') || 'nothing'}</td>}
    </tr>
  );
}

function Totals({ summary }: { summary: ModelSummary }) {
  const { trainableParams, nonTrainableParams, paramsComplete, weightBytes, batch, missing } = summary;
  const atLeast = paramsComplete ? '' : 'at least ';
  return (
    <div className="shrink-0 space-y-3 border-t border-zinc-800 px-5 py-3.5">
      {missing.length > 0 && (
        <div data-testid="model-summary-missing" className="flex gap-2 rounded-lg border border-amber-500/30 bg-amber-500/5 px-3 py-2 text-[12px] leading-[1.45] text-amber-100/90">
          <AlertIcon width={14} height={14} className="mt-0.5 shrink-0 text-amber-300" />
          <ul className="space-y-1">
            {missing.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-[12.5px]">
        <dt className="text-zinc-400">Trainable params</dt>
        <dd data-testid="model-summary-total-params" className="font-medium text-zinc-100 tabular-nums">
          {atLeast}
          {formatCount(trainableParams)}
        </dd>
        {nonTrainableParams > 0 && (
          <>
            <dt className="text-zinc-400">Non-trainable params</dt>
            <dd data-testid="model-summary-non-trainable-params" className="font-medium text-zinc-100 tabular-nums">
              {atLeast}
              {formatCount(nonTrainableParams)}
            </dd>
          </>
        )}
        <dt className="text-zinc-400">Weights in memory</dt>
        <dd data-testid="model-summary-weights" className="font-medium text-zinc-100 tabular-nums">
          {atLeast}
          {formatBytes(weightBytes)}
        </dd>
        <dt className="text-zinc-400">One batch in memory</dt>
        <dd data-testid="model-summary-batch" className="font-medium text-zinc-100 tabular-nums">
          {batch ? (
            <>
              {batch.complete ? '' : 'at least '}
              {formatBytes(batch.bytes)}
              <span className="font-normal text-zinc-400">
                {' '}
                · {formatCount(batch.size)} samples × {formatCount(batch.valuesPerSample)} values
              </span>
            </>
          ) : (
            <span className="font-normal text-zinc-500">unknown</span>
          )}
        </dd>
      </dl>
      <p data-testid="model-summary-formula" className="text-[11.5px] leading-[1.45] text-zinc-500">
        Weights: parameters × {bytesPerValue} bytes (32-bit floats). One batch: the optimizer&apos;s batch size × the values of every layer
        output per sample × {bytesPerValue} bytes, the activations training keeps for one step (the data and the optimizer&apos;s own state come on top).
      </p>
    </div>
  );
}
