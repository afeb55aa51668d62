'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EpochReport } from '@/lib/engine/protocol';
import { batchesPerEpoch, chartColumns, chartPosition, readoutAt } from '@/lib/training/chart-data';
import { useTraining } from '@/lib/store/training';

/** A per-epoch series: a value at each epoch's end, joined by a line. */
export interface EpochLine {
  name: string;
  color: string;
  value: (report: EpochReport) => number | undefined;
  /**
   * Left out while the same value is drawn batch by batch: an epoch's mean over its batches, put at
   * the epoch's end, floats well above a falling batch curve and reads as a second, worse run.
   */
  hiddenWithBatches?: boolean;
}

/** The least time between two redraws: a few times a second looks live and leaves the page idle. */
const redrawEveryMs = 500;

/** The axes' room, in CSS pixels. */
const yAxisSize = 40;
const xAxisSize = 22;

const axisFont = '10px ui-sans-serif, system-ui, sans-serif';
const axisColor = '#71717a';
const gridColor = '#27272a';

/**
 * A training chart drawn by uPlot on a canvas, in epochs: the batches of the shown run (faint, with
 * their moving average over them) and each epoch's values at its end. It reads the run from the
 * store itself and redraws with `setData` at most every `redrawEveryMs`, so thousands of batches
 * never pass through React; React renders it again only when its series change. The root carries
 * `data-points`: the batch values drawn. Hovering it, or focusing it and pressing the arrow keys,
 * shows the values under the cursor (`chart-readout`), written into the DOM directly as well.
 */
export function LiveChart({
  testId,
  label,
  batchField,
  batchColor,
  lines,
  epochs,
  domain,
  format,
}: {
  testId: string;
  label: string;
  /** The batch value charted; none for a metric measured only on the validation rows, once an epoch. */
  batchField?: 'loss' | 'accuracy';
  batchColor: string;
  lines: EpochLine[];
  /** The run's epochs: the x axis spans them from the start. */
  epochs: number;
  /** A fixed y range (shares are 0..1); otherwise from zero to a round top above the data. */
  domain?: [number, number];
  format: (v: number) => string;
}) {
  const root = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const placeholder = useRef<HTMLDivElement | null>(null);
  const place = useRef<() => void>(() => {});
  const [empty, setEmpty] = useState(true);
  // What the drawing reads at each redraw: the latest props, without making a new chart per render.
  const props = useRef({ batchField, lines, epochs, domain, format });
  useLayoutEffect(() => {
    props.current = { batchField, lines, epochs, domain, format };
  });
  const redraw = useRef<() => void>(() => {});
  const readout = useRef<HTMLDivElement>(null);
  // Moves the cursor by `step` points (keyboard), or to the first (-Infinity) or last (Infinity).
  const moveCursor = useRef<(step: number) => void>(() => {});
  const hideCursor = useRef<() => void>(() => {});

  // A new chart only when the series it draws change; everything else is data.
  const shape = JSON.stringify([batchField, batchColor, lines.map((l) => [l.name, l.color, l.hiddenWithBatches]), domain]);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let hasBatches = false;
    const linear = uPlot.paths.linear!();
    const series: uPlot.Series[] = [
      {},
      ...(batchField
        ? [
            { label: 'batch', stroke: fade(batchColor, 0.28), width: 1, points: { show: false } },
            { label: 'smoothed', stroke: batchColor, width: 1.75, points: { show: false } },
          ]
        : []),
      ...lines.map(
        (line): uPlot.Series => ({
          label: line.name,
          stroke: line.color,
          width: 1.75,
          spanGaps: true,
          paths: line.hiddenWithBatches ? (u, i, i0, i1) => (hasBatches ? null : linear(u, i, i0, i1)) : linear,
          // A marker per epoch while they can be told apart: hundreds of them would hide the line.
          points: { show: () => props.current.epochs <= 50 && !(line.hiddenWithBatches && hasBatches), size: 5, width: 1.5, stroke: line.color, fill: '#09090b' },
        }),
      ),
    ];
    const axis = (size: number, values: uPlot.Axis['values'], incrs?: number[]): uPlot.Axis => ({
      size,
      font: axisFont,
      stroke: axisColor,
      grid: { stroke: gridColor, width: 1, dash: [2, 3] },
      ticks: { show: false },
      gap: 4,
      values,
      incrs,
    });
    // The readout's names, in the columns' order after x.
    const names = [...(batchField ? ['Batch', 'Smoothed'] : []), ...lines.map((l) => (l.name === 'train' ? 'Train (epoch mean)' : `${l.name[0].toUpperCase()}${l.name.slice(1)}`))];
    const hiddenWithBatches = [...(batchField ? [false, false] : []), ...lines.map((l) => !!l.hiddenWithBatches)];
    const showReadout = (u: uPlot) => {
      const box = readout.current;
      const index = u.cursor.idx;
      // A line not drawn while batches are (the per-epoch train mean) is not read out either: its value would read as a mistake.
      const shown = names.map((name, s) => (hasBatches && hiddenWithBatches[s] ? undefined : name));
      const at = index === null || index === undefined ? undefined : readoutAt(u.data as (number | null)[][], index, shown);
      if (!box) return;
      if (!at) {
        box.hidden = true;
        return;
      }
      const share = props.current.domain !== undefined;
      const value = (v: number) => (share ? `${(v * 100).toFixed(1)}%` : String(Number(v.toPrecision(3))));
      box.replaceChildren(
        Object.assign(document.createElement('div'), { className: 'font-medium text-zinc-300', textContent: chartPosition(at.x) }),
        ...at.rows.map((r) =>
          Object.assign(document.createElement('div'), {
            textContent: `${r.name}: ${value(r.value)}${r.at !== undefined ? ` (${chartPosition(r.at).toLowerCase()})` : ''}`,
          }),
        ),
      );
      box.hidden = false;
      // Beside the cursor, on whichever side has room.
      const left = (u.cursor.left ?? 0) + u.over.offsetLeft;
      const right = left > el.clientWidth / 2;
      Object.assign(box.style, { left: right ? '' : `${left + 8}px`, right: right ? `${el.clientWidth - left + 8}px` : '', top: `${u.over.offsetTop + 4}px` });
    };
    const chart = new uPlot(
      {
        width: Math.max(1, Math.floor(el.clientWidth)),
        height: Math.max(1, Math.floor(el.clientHeight)),
        series,
        legend: { show: false },
        // A vertical line at the cursor; dragging does not zoom (the chart always shows the whole run).
        cursor: { show: true, x: true, y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
        hooks: { setCursor: [showReadout] },
        scales: {
          x: { time: false, range: (_u, _min, max) => [0, Math.max(props.current.epochs, 1, Number.isFinite(max) ? Math.ceil(max) : 1)] },
          y: { range: (_u, min, max) => props.current.domain ?? niceRange(min, max) },
        },
        axes: [
          // Whole epochs only: a batch sits between two of them.
          axis(xAxisSize, (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')), [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]),
          axis(yAxisSize, (_u, splits) => splits.map((v) => props.current.format(v))),
        ],
      },
      [[]],
      el,
    );

    // The placeholder covers the plot area exactly, clear of the axes' labels, wherever uPlot puts it.
    place.current = () => {
      const box = placeholder.current;
      if (!box) return;
      const over = chart.over.getBoundingClientRect();
      const origin = el.getBoundingClientRect();
      Object.assign(box.style, { left: `${over.left - origin.left}px`, top: `${over.top - origin.top}px`, width: `${over.width}px`, height: `${over.height}px` });
    };

    moveCursor.current = (step) => {
      const xs = chart.data[0] as number[];
      if (xs.length === 0) return;
      const current = chart.cursor.idx ?? (step > 0 ? -1 : xs.length);
      const index = Math.min(xs.length - 1, Math.max(0, Number.isFinite(step) ? current + step : step > 0 ? xs.length - 1 : 0));
      chart.setCursor({ left: chart.valToPos(xs[index], 'x'), top: 0 });
    };
    hideCursor.current = () => chart.setCursor({ left: -10, top: -10 });

    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const draw = () => {
      timer = null;
      last = performance.now();
      const run = useTraining.getState();
      const { batchField: field, lines: current } = props.current;
      const { columns, batchPoints } = chartColumns({
        points: run.points,
        field,
        batchesPerEpoch: batchesPerEpoch(run.points, run.progress?.batches),
        history: run.history,
        epochSeries: current.map((l) => l.value),
      });
      hasBatches = batchPoints > 0;
      chart.setData(columns as uPlot.AlignedData);
      if (root.current) root.current.dataset.points = String(batchPoints);
      setEmpty(columns[0].length === 0);
    };
    const schedule = () => {
      if (timer === null) timer = setTimeout(draw, Math.max(0, last + redrawEveryMs - performance.now()));
    };
    redraw.current = schedule;
    draw();
    place.current();
    const unsubscribe = useTraining.subscribe((s, before) => {
      if (s.points !== before.points || s.history !== before.history) schedule();
    });
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      if (width > 0 && height > 0) chart.setSize({ width: Math.floor(width), height: Math.floor(height) });
      place.current();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      redraw.current = () => {};
      place.current = () => {};
      moveCursor.current = () => {};
      hideCursor.current = () => {};
      chart.destroy();
    };
    // `shape` stands for batchField, batchColor, lines and domain: the chart is remade when they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  // New props (another epoch count, a metric's values) redraw the same chart.
  useEffect(() => redraw.current());

  return (
    <div
      ref={root}
      className="relative h-full w-full rounded outline-none focus-visible:ring-1 focus-visible:ring-indigo-400"
      data-testid={testId}
      data-points={0}
      role="img"
      aria-label={`${label}. Use the left and right arrow keys to read the values.`}
      tabIndex={0}
      // Read aloud when the keys move the cursor; not on every move of a mouse over it.
      onPointerMove={() => readout.current?.removeAttribute('aria-live')}
      onKeyDown={(event) => {
        const steps: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, PageUp: -10, PageDown: 10, Home: -Infinity, End: Infinity };
        readout.current?.setAttribute('aria-live', 'polite');
        if (event.key === 'Escape') hideCursor.current();
        else if (event.key in steps) moveCursor.current(event.shiftKey && Number.isFinite(steps[event.key]) ? steps[event.key] * 10 : steps[event.key]);
        else return;
        event.preventDefault();
      }}
      onBlur={() => hideCursor.current()}
    >
      <div ref={host} className="absolute inset-0 overflow-hidden" />
      <div
        ref={readout}
        hidden
        data-testid="chart-readout"
        className="pointer-events-none absolute z-10 whitespace-nowrap rounded border border-zinc-700 bg-zinc-900/95 px-1.5 py-1 text-[11px] leading-[1.35] text-zinc-400 shadow"
      />
      {/* HTML, not drawn on the canvas: it wraps where the card is narrow. */}
      {empty && (
        <div
          ref={(node) => {
            placeholder.current = node;
            place.current();
          }}
          data-testid="chart-placeholder"
          className="pointer-events-none absolute flex items-center justify-center px-2 text-center text-[11px] leading-[1.3] text-zinc-600"
          style={{ left: yAxisSize, top: 0, right: 0, bottom: xAxisSize }}
        >
          <span>{batchField ? 'Appears with the first batches' : 'Appears after the first epoch'}</span>
        </div>
      )}
    </div>
  );
}

/** A colour given as #rrggbb, with this opacity. */
function fade(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** From zero (a drop from 2.3 to 0.1 should look like the drop it is) to a round top, in four round steps. */
function niceRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const lo = Math.min(0, min);
  if (max <= lo) return [lo, lo + 1];
  const raw = (max - lo) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return [lo, lo + step * 4];
}
