'use client';

import { useEffect, useRef, useState } from 'react';

export interface Series {
  name: string;
  color: string;
  /** Value per epoch, epoch 1 first; undefined where the run did not report it. */
  values: (number | undefined)[];
  dashed?: boolean;
}

/** A small per-epoch line chart in plain SVG: the app needs two of them, not a chart library. */
export function LineChart({
  series,
  epochs,
  format,
  domain,
  testId,
  label,
}: {
  series: Series[];
  epochs: number;
  format: (v: number) => string;
  /** Fixed y range (accuracy is 0..1); otherwise it fits the data. */
  domain?: [number, number];
  testId: string;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setSize({ width: Math.floor(width), height: Math.floor(height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const points = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const [lo, hi] = domain ?? niceRange(points);
  const pad = { left: 38, right: 10, top: 8, bottom: 18 };
  const w = Math.max(0, size.width - pad.left - pad.right);
  const h = Math.max(0, size.height - pad.top - pad.bottom);
  const maxEpoch = Math.max(epochs, 1, ...series.map((s) => s.values.length));
  const x = (epoch: number) => pad.left + (maxEpoch <= 1 ? w / 2 : ((epoch - 1) / (maxEpoch - 1)) * w);
  const y = (v: number) => pad.top + h - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo || 1)) * h;
  const yTicks = [0, 1, 2, 3, 4].map((i) => lo + ((hi - lo) * i) / 4);
  const xTicks = epochTicks(maxEpoch);

  return (
    <div ref={box} className="relative h-full w-full" data-testid={testId} role="img" aria-label={label}>
      {size.width > 0 && (
        <svg width={size.width} height={size.height} className="absolute inset-0 overflow-visible">
          {yTicks.map((t) => (
            <g key={t}>
              <line x1={pad.left} x2={pad.left + w} y1={y(t)} y2={y(t)} stroke="#27272a" strokeDasharray={t === lo ? undefined : '2 3'} />
              <text data-axis-label x={pad.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={10} fill="#71717a" className="tabular-nums">
                {format(t)}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <text key={t} data-axis-label x={x(t)} y={pad.top + h + 13} textAnchor="middle" fontSize={10} fill="#71717a">
              {t}
            </text>
          ))}
          {series.map((s) => {
            const pts = s.values
              .map((v, i) => (v === undefined || !Number.isFinite(v) ? undefined : ([x(i + 1), y(v)] as const)))
              .filter((p): p is readonly [number, number] => p !== undefined);
            if (pts.length === 0) return null;
            return (
              <g key={s.name}>
                <polyline
                  points={pts.map(([px, py]) => `${px},${py}`).join(' ')}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={1.75}
                  strokeLinejoin="round"
                  strokeLinecap="round"
                  strokeDasharray={s.dashed ? '4 3' : undefined}
                />
                {pts.length <= 30 &&
                  pts.map(([px, py], i) => <circle key={i} cx={px} cy={py} r={2.25} fill="#09090b" stroke={s.color} strokeWidth={1.5} />)}
              </g>
            );
          })}
        </svg>
      )}
      {size.width > 0 && points.length === 0 && (
        // HTML, not SVG text: it wraps inside the plot area instead of running over the axis labels.
        <div
          data-testid="chart-placeholder"
          className="absolute flex items-center justify-center px-2 text-center text-[11px] leading-[1.3] text-zinc-600"
          style={{ left: pad.left, top: pad.top, width: w, height: h }}
        >
          <span>Appears after the first epoch</span>
        </div>
      )}
    </div>
  );
}

/** From zero (a drop from 2.3 to 0.1 should look like the drop it is) to a round top, in four round steps. */
function niceRange(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const max = Math.max(...values);
  const lo = Math.min(0, Math.min(...values));
  if (max <= lo) return [lo, lo + 1];
  const raw = (max - lo) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return [lo, lo + step * 4];
}

function epochTicks(maxEpoch: number): number[] {
  if (maxEpoch <= 1) return [1];
  const step = Math.max(1, Math.ceil((maxEpoch - 1) / 6));
  const ticks: number[] = [];
  for (let e = 1; e <= maxEpoch; e += step) ticks.push(e);
  // The last epoch always gets a tick; it replaces a neighbour too close to read apart.
  const last = ticks[ticks.length - 1];
  if (last !== maxEpoch) {
    if (maxEpoch - last < step * 0.75 && ticks.length > 1) ticks[ticks.length - 1] = maxEpoch;
    else ticks.push(maxEpoch);
  }
  return ticks;
}
