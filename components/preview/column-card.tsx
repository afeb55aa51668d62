import { formatNumber, type ColumnStats, type NumberSummary } from '@/lib/data/stats';
import { formatCount } from '@/components/ui/theme';
import { CountBars, Histogram } from './charts';

/** A number for a stats card: "none" where no value was present to compute it from. */
function shown(value: number | null): string {
  return value === null ? 'none' : formatNumber(value);
}

function Stat({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <>
      <dt className="text-zinc-500" title={title}>
        {label}
      </dt>
      <dd className="text-right font-mono text-zinc-200 tabular-nums">{value}</dd>
    </>
  );
}

/** Mean, spread, range and histogram of numbers: a number column's, a tensor's values, a numeric target's. */
export function NumberSummaryView({ summary, histogramTestId, label }: { summary: NumberSummary; histogramTestId: string; label: string }) {
  return (
    <>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-[11.5px]">
        <Stat label="mean" value={shown(summary.mean)} />
        <Stat label="std" value={shown(summary.std)} title="Population standard deviation (divided by the count), as Standardize computes it" />
        <Stat label="min" value={shown(summary.min)} />
        <Stat label="max" value={shown(summary.max)} />
      </dl>
      {summary.bins.length > 0 && <Histogram bins={summary.bins} testId={histogramTestId} label={`Histogram of ${label}`} />}
    </>
  );
}

/** One column's statistics: counts for every column, then what its type allows. */
export function ColumnCard({ stats }: { stats: ColumnStats }) {
  return (
    <article data-testid={`preview-column-${stats.name}`} className="w-56 shrink-0 space-y-2 rounded-lg border border-zinc-800 bg-zinc-900/60 p-3">
      <header className="flex items-baseline justify-between gap-2">
        <h3 className="truncate font-mono text-[12.5px] font-medium text-zinc-100" title={stats.name}>
          {stats.name}
        </h3>
        <span className="text-[10.5px] tracking-wider text-zinc-500 uppercase">{stats.type}</span>
      </header>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-[11.5px]">
        <Stat label="count" value={formatCount(stats.count)} />
        <Stat label="missing" value={formatCount(stats.missing)} />
        {'distinct' in stats && <Stat label="distinct" value={formatCount(stats.distinct)} />}
        {'meanLength' in stats && stats.meanLength !== undefined && (
          <Stat label="mean length" value={shown(stats.meanLength)} title="Characters per present value" />
        )}
      </dl>
      {stats.type === 'number' && <NumberSummaryView summary={stats} histogramTestId={`preview-histogram-${stats.name}`} label={stats.name} />}
      {(stats.type === 'category' || stats.type === 'text') && (
        <CountBars
          items={[
            ...stats.top.map((t) => ({ name: t.value, count: t.count })),
            ...(stats.other.count > 0
              ? [
                  {
                    name: `${formatCount(stats.other.values)} other values`,
                    count: stats.other.count,
                  },
                ]
              : []),
          ]}
          total={stats.count}
        />
      )}
      {(stats.type === 'image' || stats.type === 'series') && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-[11.5px]">
          <Stat label="shape" value={stats.shape.join(' x ')} />
          {stats.channels.map((ch, i) => (
            <Stat key={i} label={`channel ${i + 1}`} value={`${shown(ch.min)} to ${shown(ch.max)}, mean ${shown(ch.mean)}`} />
          ))}
        </dl>
      )}
    </article>
  );
}
