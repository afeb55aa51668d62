'use client';

import type { ArraySamples, PreviewCell, TablePreview } from '@/lib/data/stats';
import { formatCount } from '@/components/ui/theme';
import { ClassBalance, LineChart } from './charts';
import { ColumnCard } from './column-card';
import { ImageGrid, ImageSample, SeriesSample, seriesLines } from './samples';

/**
 * A table's preview: its first rows, a stats card per column, the target's class balance, sample
 * images and a line chart for a time series. Props in, markup out: the caller computes the
 * TablePreview (lib/data/stats.ts describeTable) where the data lives.
 */
export function DataPreview({ preview }: { preview: TablePreview }) {
  const images = preview.samples.filter((s) => s.type === 'image' && s.rows > 0);
  const series = preview.samples.find((s) => s.type === 'series' && s.rows > 0);
  // A table in time order is charted over its rows; otherwise a series column (a waveform per row)
  // by its first row. Never both on one chart: rows and steps are different x axes.
  const chartLines = preview.lines.length > 0 ? preview.lines.map((l) => ({ name: l.name, x: l.rows, y: l.values })) : series ? seriesLines(series, 0) : [];
  return (
    <div data-testid="data-preview" className="space-y-4 text-zinc-300">
      <p className="text-[12px] text-zinc-400">
        {formatCount(preview.rows)} rows, {formatCount(preview.columns.length)} columns{preview.ordered ? ', in time order' : ''}. Showing the first{' '}
        {formatCount(preview.head.length)}.
      </p>
      <PreviewTable preview={preview} />
      <div className="flex gap-3 overflow-x-auto pb-1">
        {/* Keyed by position: an uploaded file may repeat a header name. */}
        {preview.stats.map((stats, i) => (
          <ColumnCard key={i} stats={stats} />
        ))}
      </div>
      {preview.classBalance && <ClassBalance column={preview.classBalance.column} shares={preview.classBalance.shares} />}
      {images.length > 0 && (
        <div data-testid="preview-image-grid" className="space-y-3">
          {images.map((samples) => (
            <ImageGrid key={samples.column} samples={samples} />
          ))}
        </div>
      )}
      {chartLines.length > 0 && (
        <section className="space-y-2">
          <h3 className="text-[12px] font-semibold text-zinc-200">
            {preview.lines.length > 0 ? 'Over the rows, in time order' : `Series ${series?.name}, first row`}
          </h3>
          <LineChart lines={chartLines} testId="preview-series-chart" label="Line chart of the series" />
        </section>
      )}
    </div>
  );
}

function PreviewTable({ preview }: { preview: TablePreview }) {
  const samples = new Map(preview.samples.map((s) => [s.column, s]));
  return (
    <div className="max-h-80 overflow-auto rounded-lg border border-zinc-800">
      <table data-testid="preview-table" className="min-w-full border-collapse text-[12px]">
        <thead className="sticky top-0 z-10 bg-zinc-925 text-left">
          <tr className="border-b border-zinc-800">
            <th scope="col" className="px-2 py-1.5 text-right font-normal text-zinc-500">
              row
            </th>
            {preview.columns.map((c, i) => (
              <th key={i} scope="col" className="px-2 py-1.5 font-semibold whitespace-nowrap text-zinc-200">
                <span className="font-mono">{c.name}</span>
                <span className="ml-1.5 text-[10px] font-normal tracking-wider text-zinc-500 uppercase">{c.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.head.map((cells, row) => (
            <tr key={row} className="border-b border-zinc-800/60 align-top">
              <td className="px-2 py-1 text-right text-zinc-500 tabular-nums">{row + 1}</td>
              {cells.map((cell, i) => (
                <td key={i} className={`px-2 py-1 ${preview.columns[i].type === 'number' ? 'text-right font-mono tabular-nums' : ''}`}>
                  <CellView cell={cell} samples={samples.get(i)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A cell's value as text (never as HTML: uploaded cells may hold markup), a missing marker, or a drawn sample. */
function CellView({ cell, samples }: { cell: PreviewCell; samples: ArraySamples | undefined }) {
  if (cell.kind === 'missing')
    return (
      <span data-testid="preview-missing" className="rounded bg-amber-500/10 px-1 text-[11px] text-amber-300/90 italic">
        missing
      </span>
    );
  if (cell.kind === 'value')
    return (
      <span className="block max-w-72 truncate whitespace-nowrap text-zinc-200" title={cell.text}>
        {cell.text}
      </span>
    );
  if (!samples) return null;
  return cell.kind === 'image' ? <ImageSample samples={samples} row={cell.row} size={28} /> : <SeriesSample samples={samples} row={cell.row} />;
}
