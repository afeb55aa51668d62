import type { ReactNode } from 'react';
import { formatNumber, type Bin, type ClassShare } from '@/lib/data/stats';
import { formatCount, formatPercent } from '@/components/ui/theme';

/**
 * The preview's small charts, drawn as plain SVG from already-computed numbers: the preview needs
 * bars and lines, not a chart library. Every label is a React text node, so uploaded names stay text.
 */

/**
 * The frame every preview chart draws in: an image to assistive technology, named by `label`,
 * stretched to the width it is given (the numbers inside are in viewBox units).
 */
function ChartSvg({
  testId,
  label,
  width,
  height,
  className = '',
  children,
}: {
  testId?: string;
  label: string;
  width: number;
  height: number;
  className?: string;
  children: ReactNode;
}) {
  return (
    <svg
      data-testid={testId}
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="none"
      className={`block ${className}`}
    >
      {children}
    </svg>
  );
}

/** A histogram as bars, one per bin, each bar's title giving its range and count. */
export function Histogram({ bins, testId, label }: { bins: Bin[]; testId: string; label: string }) {
  const width = 160;
  const height = 40;
  const most = Math.max(1, ...bins.map((b) => b.count));
  const step = bins.length === 0 ? 0 : width / bins.length;
  return (
    <ChartSvg testId={testId} label={label} width={width} height={height}>
      <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} stroke="#3f3f46" />
      {bins.map((bin, i) => {
        const h = bin.count === 0 ? 0 : Math.max(1, (bin.count / most) * (height - 2));
        return (
          <rect key={i} x={i * step + 0.5} width={Math.max(step - 1, 1)} y={height - 1 - h} height={h} fill="#818cf8">
            <title>{`${formatNumber(bin.from)} to ${formatNumber(bin.to)}: ${formatCount(bin.count)}`}</title>
          </rect>
        );
      })}
    </ChartSvg>
  );
}

/** Horizontal bars of rows per value: a column's top values or a target's classes. */
export function CountBars({ items, testId, total }: { items: { name: string; count: number }[]; testId?: string; total: number }) {
  const most = Math.max(1, ...items.map((item) => item.count));
  return (
    <ul data-testid={testId} className="space-y-1">
      {/* By position: an uploaded value may read like the "other values" line. */}
      {items.map((item, i) => (
        <li key={i} className="grid grid-cols-[minmax(0,1fr)_minmax(2.5rem,40%)_5.75rem] items-center gap-2 text-[11.5px]">
          <span className="truncate text-zinc-300" title={item.name}>
            {item.name}
          </span>
          <span className="h-2 rounded-sm bg-zinc-800">
            <span className="block h-2 rounded-sm bg-sky-400" style={{ width: `${(item.count / most) * 100}%` }} />
          </span>
          <span className="text-right whitespace-nowrap text-zinc-400 tabular-nums">
            {formatCount(item.count)}
            {total > 0 && <span className="ml-1 text-zinc-500">{formatPercent(item.count / total)}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Rows per class of the target, with each class's share of the rows that have one. */
export function ClassBalance({ column, shares }: { column: string; shares: ClassShare[] }) {
  const total = shares.reduce((sum, s) => sum + s.count, 0);
  return (
    <section data-testid="preview-class-balance" className="max-w-xl space-y-2">
      <h3 className="text-[12px] font-semibold text-zinc-200">
        Class balance of <span className="font-mono">{column}</span>
      </h3>
      <CountBars items={shares} total={total} />
    </section>
  );
}

export interface Line {
  name: string;
  /** x of each point (a row, or a step of a series), ascending. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

const lineColors = ['#38bdf8', '#a78bfa', '#fbbf24', '#f472b6', '#2dd4bf', '#a3e635'];

/**
 * Lines over a shared x axis, each scaled to its own range (columns of a table differ in units),
 * so the legend gives each line's range: without it the heights would mean nothing.
 */
export function LineChart({
  lines,
  testId,
  label,
  height = 120,
  legend = true,
}: {
  lines: Line[];
  testId?: string;
  label: string;
  height?: number;
  legend?: boolean;
}) {
  const width = 600;
  const xs = lines.flatMap((l) => (l.x.length === 0 ? [] : [l.x[0], l.x[l.x.length - 1]]));
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const ranges = lines.map((line) => range(line.y));
  return (
    <figure className="space-y-1.5">
      <ChartSvg testId={testId} label={label} width={width} height={height} className="rounded bg-zinc-950/60">
        {lines.map((line, i) => (
          <polyline
            key={i}
            data-testid={testId && `${testId}-line`}
            points={polylinePoints(line, ranges[i], xMin, xMax, width, height)}
            fill="none"
            stroke={lineColors[i % lineColors.length]}
            strokeWidth={1.25}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </ChartSvg>
      {legend && (
        <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-zinc-400">
          {lines.map((line, i) => (
            <span key={i} className="flex items-center gap-1.5">
              <span className="inline-block h-0.5 w-3" style={{ background: lineColors[i % lineColors.length] }} />
              <span className="font-mono text-zinc-300">{line.name}</span>
              <span className="tabular-nums">
                {formatNumber(ranges[i].lo)} to {formatNumber(ranges[i].hi)}
              </span>
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

function range(values: ArrayLike<number>): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  return { lo, hi };
}

function polylinePoints(line: Line, { lo, hi }: { lo: number; hi: number }, xMin: number, xMax: number, width: number, height: number): string {
  const pad = 4;
  const points: string[] = [];
  for (let i = 0; i < line.x.length; i++) {
    const x = xMax === xMin ? width / 2 : ((line.x[i] - xMin) / (xMax - xMin)) * width;
    // A flat line sits in the middle rather than on an edge.
    const y = hi === lo ? height / 2 : pad + (1 - (line.y[i] - lo) / (hi - lo)) * (height - 2 * pad);
    points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  return points.join(' ');
}
