'use client';

import type { ForecastResults, RegressionResults } from '@/lib/results/types';
import { formatNumber } from '@/lib/data/stats';
import { formatCount } from '@/components/ui/theme';
import { linear, niceTicks, padded } from './scale';
import { useWidth } from './use-width';

const axis = '#3f3f46';
const grid = '#27272a';
const tickText = '#71717a';

/** Tick labels short enough for an axis: 4 significant digits. */
const tick = (v: number) => formatNumber(Number(v.toPrecision(4)));

/**
 * Predicted against actual, one dot per row, on the same scale both ways with the line where they
 * are equal: dots above it are predicted too high, below too low.
 */
export function RegressionScatter({ detail, rows }: { detail: RegressionResults; rows: number }) {
  // A square plot: the same scale both ways, so the line of exact predictions runs at 45 degrees.
  const inner = 276;
  const pad = { left: 52, right: 12, top: 10, bottom: 40 };
  const width = pad.left + inner + pad.right;
  const height = pad.top + inner + pad.bottom;
  const values = detail.points.flatMap((p) => [p.actual, p.predicted]);
  const domain = padded(Math.min(...values), Math.max(...values));
  const x = linear(domain, [pad.left, pad.left + inner]);
  const y = linear(domain, [pad.top + inner, pad.top]);
  const ticks = niceTicks(domain[0], domain[1]);
  // Many dots overlap: fainter and smaller ones show where they crowd.
  const dense = detail.points.length > 300;
  return (
    <figure className="space-y-1">
      <svg
        data-testid="regression-scatter"
        role="img"
        aria-label={`Predicted against actual ${detail.target} for ${formatCount(detail.points.length)} rows`}
        width={width}
        height={height}
        className="block max-w-full"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={pad.top} y2={pad.top + inner} stroke={grid} />
            <line x1={pad.left} x2={pad.left + inner} y1={y(t)} y2={y(t)} stroke={grid} />
            <text x={x(t)} y={pad.top + inner + 14} textAnchor="middle" fontSize={10} fill={tickText} className="tabular-nums">
              {tick(t)}
            </text>
            <text x={pad.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={10} fill={tickText} className="tabular-nums">
              {tick(t)}
            </text>
          </g>
        ))}
        <rect x={pad.left} y={pad.top} width={inner} height={inner} fill="none" stroke={axis} />
        <line data-testid="identity-line" x1={x(domain[0])} y1={y(domain[0])} x2={x(domain[1])} y2={y(domain[1])} stroke="#a1a1aa" strokeDasharray="5 4" />
        {detail.points.map((p, i) => (
          <circle key={i} cx={x(p.actual)} cy={y(p.predicted)} r={dense ? 1.8 : 2.8} fill="#38bdf8" fillOpacity={dense ? 0.45 : 0.75} />
        ))}
        <text x={pad.left + inner / 2} y={height - 6} textAnchor="middle" fontSize={11} fill="#a1a1aa">
          Actual {detail.target}
        </text>
        <text transform={`translate(12 ${pad.top + inner / 2}) rotate(-90)`} textAnchor="middle" fontSize={11} fill="#a1a1aa">
          Predicted
        </text>
      </svg>
      <figcaption className="max-w-[340px] text-[11.5px] leading-[1.45] text-zinc-500">
        On the dashed line a prediction is exact; above it the model predicts too high, below too low.
        {detail.points.length < rows && ` ${formatCount(detail.points.length)} of ${formatCount(rows)} rows drawn, evenly spread.`}
      </figcaption>
    </figure>
  );
}

/** How far off the predictions are, as a histogram of actual − predicted: a good model's is narrow and centred on 0. */
export function ResidualHistogram({ detail }: { detail: RegressionResults }) {
  const width = 440;
  const height = 240;
  const pad = { left: 44, right: 12, top: 10, bottom: 40 };
  const { bins } = detail.residuals;
  const lo = bins[0]?.from ?? 0;
  const hi = bins[bins.length - 1]?.to ?? 0;
  const domain: [number, number] = lo === hi ? padded(lo, hi) : [lo, hi];
  const x = linear(domain, [pad.left, width - pad.right]);
  const most = Math.max(1, ...bins.map((b) => b.count));
  const y = linear([0, most], [height - pad.bottom, pad.top]);
  const countTicks = niceTicks(0, most, 4).filter(Number.isInteger);
  return (
    <figure className="space-y-1">
      <svg data-testid="residuals" role="img" aria-label={`Residuals of ${detail.target}: actual minus predicted, counted in ${bins.length} bins`} width={width} height={height} className="block max-w-full">
        {countTicks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke={grid} />
            <text x={pad.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={10} fill={tickText} className="tabular-nums">
              {formatCount(t)}
            </text>
          </g>
        ))}
        {bins.map((bin, i) => {
          // A single bin (every residual the same) gets a bar of visible width around its value.
          const left = lo === hi ? x(domain[0] + 0.4) : x(bin.from);
          const right = lo === hi ? x(domain[1] - 0.4) : x(bin.to);
          return (
            <rect key={i} data-testid="residual-bin" x={left + 0.5} width={Math.max(1, right - left - 1)} y={y(bin.count)} height={y(0) - y(bin.count)} fill="#818cf8">
              <title>{`${tick(bin.from)} to ${tick(bin.to)}: ${formatCount(bin.count)} row${bin.count === 1 ? '' : 's'}`}</title>
            </rect>
          );
        })}
        <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} stroke={axis} />
        {niceTicks(domain[0], domain[1], 6).map((t) => (
          <text key={t} x={x(t)} y={height - pad.bottom + 14} textAnchor="middle" fontSize={10} fill={tickText} className="tabular-nums">
            {tick(t)}
          </text>
        ))}
        {domain[0] <= 0 && domain[1] >= 0 && <line x1={x(0)} x2={x(0)} y1={pad.top} y2={height - pad.bottom} stroke="#e4e4e7" strokeDasharray="3 3" />}
        <text x={pad.left + (width - pad.left - pad.right) / 2} y={height - 6} textAnchor="middle" fontSize={11} fill="#a1a1aa">
          Actual − predicted (0 is exact)
        </text>
      </svg>
    </figure>
  );
}

/** The residuals in words: how far off on average, how big misses weigh, and whether the model leans high or low. */
export function ResidualSummary({ detail }: { detail: RegressionResults }) {
  const { mae, rmse, mean } = detail.residuals;
  // A lean smaller than a tenth of the typical miss is noise, not a habit.
  const lean = Math.abs(mean) < mae / 10 ? null : mean > 0 ? 'too low' : 'too high';
  return (
    <dl data-testid="residual-summary" className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-[12px] leading-[1.45]">
      <dt className="font-semibold text-zinc-100 tabular-nums">{tick(mae)}</dt>
      <dd className="text-zinc-400">off on average (MAE), in {detail.target}&apos;s own unit</dd>
      <dt className="font-semibold text-zinc-100 tabular-nums">{tick(rmse)}</dt>
      <dd className="text-zinc-400">RMSE: like the MAE, but large misses weigh more; far above the MAE means a few rows are badly off</dd>
      <dt className="font-semibold text-zinc-100 tabular-nums">{tick(mean)}</dt>
      <dd className="text-zinc-400">
        mean of actual − predicted: {lean ? `the model tends to predict ${lean}` : 'no lean either way'}
      </dd>
    </dl>
  );
}

/** The held-out series and the model's forecast of each step over it, on one scale. */
export function ForecastChart({ detail, rows }: { detail: ForecastResults; rows: number }) {
  const [box, width] = useWidth<HTMLDivElement>();
  const height = 280;
  const pad = { left: 52, right: 12, top: 12, bottom: 30 };
  const values = [...detail.actual, ...detail.predicted];
  const domain = padded(Math.min(...values), Math.max(...values));
  const steps = detail.actual.length;
  // A long series is sampled (lib/results/compute.ts): step s (from 1) lies at point (s - 1) * (steps - 1) / (rows - 1).
  const atStep = (step: number) => x(rows <= 1 ? 0 : ((step - 1) * (steps - 1)) / (rows - 1));
  const x = linear([0, Math.max(1, steps - 1)], [pad.left, Math.max(pad.left, width - pad.right)]);
  const y = linear(domain, [height - pad.bottom, pad.top]);
  const line = (series: number[]) => series.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const lines = [
    { name: 'Actual', values: detail.actual, color: '#e4e4e7', dashed: false },
    { name: 'Forecast', values: detail.predicted, color: '#fbbf24', dashed: true },
  ];
  return (
    <figure className="space-y-1.5">
      <figcaption className="flex items-center gap-4 text-[11.5px] text-zinc-400">
        {lines.map((l) => (
          <span key={l.name} className="flex items-center gap-1.5">
            <svg width={18} height={4} aria-hidden>
              <line x1={0} x2={18} y1={2} y2={2} stroke={l.color} strokeWidth={2} strokeDasharray={l.dashed ? '4 3' : undefined} />
            </svg>
            {l.name} {detail.target}
          </span>
        ))}
        <span className="text-zinc-500">
          over {formatCount(rows)} steps, in time order{steps < rows ? ` (${formatCount(steps)} of them drawn)` : ''}
        </span>
      </figcaption>
      <div ref={box} className="w-full">
        {width > 0 && (
          <svg data-testid="forecast-chart" role="img" aria-label={`Actual ${detail.target} and the model's forecast over ${formatCount(rows)} steps`} width={width} height={height} className="block">
            {niceTicks(domain[0], domain[1], 5).map((t) => (
              <g key={t}>
                <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke={grid} />
                <text x={pad.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={10} fill={tickText} className="tabular-nums">
                  {tick(t)}
                </text>
              </g>
            ))}
            {niceTicks(1, rows, 8)
              .filter(Number.isInteger)
              .map((t) => (
                <text key={t} x={atStep(t)} y={height - pad.bottom + 16} textAnchor="middle" fontSize={10} fill={tickText} className="tabular-nums">
                  {formatCount(t)}
                </text>
              ))}
            <line x1={pad.left} x2={width - pad.right} y1={height - pad.bottom} y2={height - pad.bottom} stroke={axis} />
            {lines.map((l) => (
              <polyline
                key={l.name}
                data-testid={`forecast-${l.name.toLowerCase()}`}
                points={line(l.values)}
                fill="none"
                stroke={l.color}
                strokeWidth={1.6}
                strokeLinejoin="round"
                strokeDasharray={l.dashed ? '5 3' : undefined}
              />
            ))}
          </svg>
        )}
      </div>
    </figure>
  );
}
