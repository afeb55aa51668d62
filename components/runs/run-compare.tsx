'use client';

import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RunRecord } from '@/lib/runs/record';
import { compareCurves, compareMetrics, mainMetric, runChanges, runLabel, type CurveSeries } from './compare';

/** Run A and run B keep these colours in every chart and heading of the compare view. */
export const runColors = { a: '#38bdf8', b: '#fbbf24' } as const;

/**
 * Two kept runs side by side: what changed between them, their final numbers, and their curves
 * overlaid. A is the older run, so the changes read as what was done next.
 */
export function RunCompare({ runs, onBack }: { runs: [RunRecord, RunRecord]; onBack: () => void }) {
  const [a, b] = [...runs].sort((x, y) => x.startedAt - y.startedAt);
  // Computed once per pair: the charts are rebuilt only when their lines change.
  const { changes, metrics, metric, loss, measured } = useMemo(() => {
    const metric = mainMetric(b);
    return {
      changes: runChanges(a, b),
      metrics: compareMetrics(a, b),
      metric,
      loss: compareCurves(a, b, 'loss'),
      measured: compareCurves(a, b, metric.name),
    };
  }, [a, b]);
  const backends = [a.backend?.name, b.backend?.name];
  const sameMinute = runLabel(a) === runLabel(b);
  return (
    <section data-testid="run-compare-view" aria-label="Compare two runs" className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <h3 className="flex flex-wrap items-center gap-x-4 gap-y-1 text-[13px] font-semibold text-zinc-100">
          Comparing
          <RunName run="a" label={runLabel(a, sameMinute)} />
          <RunName run="b" label={runLabel(b, sameMinute)} />
        </h3>
        <button
          type="button"
          onClick={onBack}
          data-testid="run-compare-back"
          className="h-8 rounded-md border border-zinc-700 px-3 text-[12px] text-zinc-200 hover:bg-zinc-800 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
        >
          Back to the runs
        </button>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <section data-testid="compare-diff" className="rounded-lg border border-zinc-800 bg-zinc-950/50 p-3">
          <h4 className="mb-1.5 text-[12px] font-semibold text-zinc-200">What changed from A to B</h4>
          {changes.length > 0 ? (
            <ul className="list-disc space-y-0.5 pl-4 text-[12px] text-zinc-300">
              {changes.map((change) => (
                <li key={change}>{change}</li>
              ))}
            </ul>
          ) : (
            <p className="text-[12px] text-zinc-300">
              Nothing changed: the difference is chance.
              {backends[0] !== backends[1] && backends[0] && backends[1]
                ? ` The runs trained on different backends (${backends[0]} and ${backends[1]}), whose arithmetic rounds differently.`
                : ' Run A and run B trained the same pipeline with the same settings.'}
            </p>
          )}
        </section>
        <section className="rounded-lg border border-zinc-800 bg-zinc-950/50 p-3">
          <h4 className="mb-1.5 text-[12px] font-semibold text-zinc-200">Final numbers</h4>
          <table data-testid="compare-metrics" className="w-full text-[12px] tabular-nums">
            <thead>
              <tr className="text-left text-zinc-400">
                <th scope="col" className="py-0.5 font-normal">Measure</th>
                <th scope="col" className="py-0.5 text-right font-normal" style={{ color: runColors.a }}>
                  A
                </th>
                <th scope="col" className="py-0.5 text-right font-normal" style={{ color: runColors.b }}>
                  B
                </th>
                <th scope="col" className="py-0.5 text-right font-normal">B vs A</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.label} className="border-t border-zinc-800/70">
                  <th scope="row" className="py-1 text-left font-normal text-zinc-300">
                    {m.label}
                  </th>
                  <td className="py-1 text-right text-zinc-100">{m.a}</td>
                  <td className="py-1 text-right text-zinc-100">{m.b}</td>
                  <td
                    className={`py-1 text-right ${m.verdict === 'better' ? 'text-emerald-400' : m.verdict === 'worse' ? 'text-rose-400' : 'text-zinc-400'}`}
                  >
                    {m.change}
                    {m.verdict === 'better' ? ' better' : m.verdict === 'worse' ? ' worse' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <OverlayChart title="Loss per epoch (lower is better)" testId="compare-chart-loss" {...loss} share={false} />
        {measured.series.length > 0 && (
          <OverlayChart
            title={`${metric.label} per epoch`}
            testId="compare-chart-metric"
            {...measured}
            share={metric.share}
          />
        )}
      </div>
    </section>
  );
}

function RunName({ run, label }: { run: 'a' | 'b'; label: string }) {
  return (
    <span className="flex items-center gap-1.5 font-normal text-zinc-300">
      <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: runColors[run] }} aria-hidden />
      <span className="font-semibold" style={{ color: runColors[run] }}>
        {run.toUpperCase()}
      </span>
      {label}
    </span>
  );
}

/**
 * The two runs' lines on one uPlot chart: a colour per run, training solid and validation dashed.
 * uPlot draws on a canvas and owns its element, so React only mounts it and hands it new sizes.
 */
function OverlayChart({
  title,
  testId,
  epochs,
  series,
  share,
}: {
  title: string;
  testId: string;
  epochs: number[];
  series: CurveSeries[];
  /** Values are shares: ticks in percent. */
  share: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Ticks need fewer digits than the table: "0.5", "80%".
    const tick = (value: number) => (share ? `${Math.round(value * 100)}%` : String(Number(value.toPrecision(3))));
    const element = box.current;
    if (!element) return;
    const axis = { stroke: '#a1a1aa', grid: { stroke: '#27272a', width: 1 }, ticks: { stroke: '#3f3f46', width: 1 }, font: '11px ui-sans-serif, system-ui' };
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height: 200,
        scales: { x: { time: false } },
        axes: [
          { ...axis, label: 'Epoch', labelSize: 16, labelFont: axis.font, incrs: [1, 2, 5, 10, 20, 50, 100] },
          { ...axis, size: 52, values: (_u, ticks) => ticks.map(tick) },
        ],
        series: [
          { label: 'Epoch' },
          ...series.map((s) => ({
            label: s.label,
            stroke: runColors[s.run],
            dash: s.part === 'validation' ? [6, 4] : undefined,
            spanGaps: false,
            // A's line and dots are drawn wider, so where B's curve lies on A's (same seed, same first epochs) A still shows as a ring.
            points: { show: epochs.length <= 30, size: s.run === 'a' ? 10 : 5 },
            width: s.run === 'a' ? 3.5 : 2,
          })),
        ],
        // The caption below is the legend: uPlot's own shows a square per line, not solid against dashed.
        legend: { show: false },
      },
      [epochs, ...series.map((s) => s.values)],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height: 200 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [epochs, series, share]);
  return (
    <figure className="min-w-0 rounded-lg border border-zinc-800 bg-zinc-950/50 p-3" data-testid={testId} data-series={series.length}>
      <figcaption className="mb-1 text-[12px] font-semibold text-zinc-200">{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}: ${series.map((s) => s.label).join(', ')}`} />
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-zinc-300">
        {series.map((s) => (
          <li key={s.label} className="flex items-center gap-1.5">
            <svg width="22" height="6" aria-hidden>
              <line x1="0" y1="3" x2="22" y2="3" stroke={runColors[s.run]} strokeWidth={s.run === 'a' ? 3 : 2} strokeDasharray={s.part === 'validation' ? '5 3' : undefined} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
