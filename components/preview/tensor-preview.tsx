import { TENSOR_VALUES_SHOWN, type TargetPreview as TargetPreviewModel, type TensorPreview as TensorPreviewModel } from '@/lib/data/stats';
import { formatCount } from '@/components/ui/theme';
import { ClassBalance } from './charts';
import { NumberSummaryView } from './column-card';

/**
 * Previews of a preprocessing node's outputs: a tensor (what the model reads) and a target (what
 * the loss compares with), so a user sees what Normalize, Tokenize or Augment did to the data.
 */

export function TensorPreview({ preview }: { preview: TensorPreviewModel }) {
  const cut = preview.rowSize > TENSOR_VALUES_SHOWN;
  return (
    <div data-testid="tensor-preview" className="space-y-4 text-zinc-300">
      <p className="text-[12px] text-zinc-400">
        Shape{' '}
        <span data-testid="tensor-preview-shape" className="font-mono text-zinc-200">
          [{preview.shape.join(', ')}]
        </span>
        , {preview.dtype}, {formatCount(preview.values.count)} values
        {preview.values.missing > 0 ? `, ${formatCount(preview.values.missing)} of them NaN` : ''}.
      </p>
      <div className="max-h-80 overflow-auto rounded-lg border border-zinc-800">
        <table data-testid="preview-table" className="min-w-full border-collapse font-mono text-[12px]">
          <tbody>
            {preview.head.map((values, row) => (
              <tr key={row} className="border-b border-zinc-800/60">
                <td className="px-2 py-1 text-right font-sans text-zinc-500 tabular-nums">{row + 1}</td>
                {values.map((value, i) => (
                  <td key={i} className="px-2 py-1 text-right text-zinc-200 tabular-nums">
                    {value}
                  </td>
                ))}
                {cut && (
                  <td
                    className="px-2 py-1 font-sans text-zinc-500"
                    title={`${formatCount(preview.rowSize)} values per row; the first ${TENSOR_VALUES_SHOWN} are shown`}
                  >
                    … {formatCount(preview.rowSize - TENSOR_VALUES_SHOWN)} more
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="w-64 space-y-2 rounded-lg border border-zinc-800 bg-zinc-900/60 p-3">
        <h3 className="text-[12px] font-semibold text-zinc-200">All values</h3>
        <NumberSummaryView summary={preview.values} histogramTestId="preview-histogram-values" label="the tensor's values" />
      </section>
    </div>
  );
}

export function TargetPreview({ preview }: { preview: TargetPreviewModel }) {
  return (
    <div data-testid="target-preview" className="space-y-3 text-zinc-300">
      <p className="text-[12px] text-zinc-400">{formatCount(preview.rows)} rows.</p>
      {preview.kind === 'classes' ? (
        <ClassBalance column="the target" shares={preview.balance} />
      ) : (
        <div className="flex gap-3 overflow-x-auto pb-1">
          {preview.columns.map((c) => (
            <section
              key={c.name}
              data-testid={`preview-column-${c.name}`}
              className="w-56 shrink-0 space-y-2 rounded-lg border border-zinc-800 bg-zinc-900/60 p-3"
            >
              <h3 className="truncate font-mono text-[12.5px] font-medium text-zinc-100" title={c.name}>
                {c.name}
              </h3>
              <NumberSummaryView summary={c} histogramTestId={`preview-histogram-${c.name}`} label={c.name} />
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
