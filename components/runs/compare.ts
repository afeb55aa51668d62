import { nodeName, nodeNames } from '@/lib/document/node-name';
import { readDocument } from '@/lib/document/read';
import type { EpochReport } from '@/lib/engine/protocol';
import type { RunRecord } from '@/lib/runs/record';
import { chartedMetric, runMetrics, specChanges, type RunMetric } from '@/components/training/run-account';
import { formatLoss, formatPercent } from '@/components/ui/theme';

/**
 * What the Runs tab says about kept runs, as pure functions of their records: the metric a run is
 * judged by, and between two runs what changed and how their numbers differ.
 */

/** The metric a run is judged by (accuracy for a classifier, MAE or its first metric for a regression). */
export function mainMetric(run: Pick<RunRecord, 'spec' | 'history'>): RunMetric {
  return chartedMetric(run.spec, runMetrics(run.spec, Object.keys(run.history.at(-1)?.valMetrics ?? {})));
}

/** A metric's value after one epoch: on the validation rows when held out, else on the training rows (accuracy only). */
export function metricAt(report: EpochReport, name: string, part: 'validation' | 'train'): number | undefined {
  if (part === 'train') return name === 'accuracy' ? report.accuracy : undefined;
  return report.valMetrics?.[name] ?? (name === 'accuracy' ? report.valAccuracy : undefined);
}

/** The run's final value of its main metric, validation first; null before an epoch completed. */
export function finalMetric(run: Pick<RunRecord, 'spec' | 'history'>): { metric: RunMetric; value: number; part: 'validation' | 'train' } | null {
  const last = run.history.at(-1);
  if (!last) return null;
  const metric = mainMetric(run);
  for (const part of ['validation', 'train'] as const) {
    const value = metricAt(last, metric.name, part);
    if (value !== undefined) return { metric, value, part };
  }
  return null;
}

export function formatMetric(value: number, share: boolean): string {
  return share ? formatPercent(value) : formatLoss(value);
}

/**
 * What changed from run `a` to run `b`, in the training panel's words: settings and wiring
 * (specChanges), and the nodes added, removed or renamed on the canvas, even those that do not
 * train (a renamed node is no change to the model, but it is why the two canvases look different).
 */
export function runChanges(a: Pick<RunRecord, 'spec' | 'names' | 'doc'>, b: Pick<RunRecord, 'spec' | 'names' | 'doc'>): string[] {
  const changes = specChanges(a.spec, b.spec, { ...a.names, ...b.names });
  const before = readDocument(a.doc, 'saved');
  const after = readDocument(b.doc, 'saved');
  if (before.ok && after.ok) {
    const namesBefore = nodeNames(before.doc);
    const namesAfter = nodeNames(after.doc);
    const nodesAfter = new Map(after.doc.nodes.map((n) => [n.id, n]));
    for (const node of before.doc.nodes) {
      const now = nodesAfter.get(node.id);
      if (!now) changes.push(`removed ${namesBefore[node.id]}`);
      // Its own name, not the told-apart one: "Dense (hidden)" becoming "Dense" when its twin is renamed is no rename.
      else if (nodeName(now) !== nodeName(node)) changes.push(`renamed ${namesBefore[node.id]} to ${namesAfter[node.id]}`);
    }
    for (const node of after.doc.nodes) if (!(node.id in namesBefore)) changes.push(`added ${namesAfter[node.id]}`);
  }
  // A node that trains is named by both passes alike: say it once.
  return [...new Set(changes)];
}

/** How a number is better: lower (a loss, an error) or higher (a share, R²); unknown ones are not judged. */
const lowerIsBetter = new Set(['loss', 'mae', 'mse', 'rmse', 'mape', 'msle', 'huber', 'logcosh']);
const higherIsBetter = new Set(['accuracy', 'precision', 'recall', 'f1', 'auc', 'top_k_accuracy', 'r2']);

export interface MetricRow {
  label: string;
  a: string;
  b: string;
  /** b - a, as the numbers are shown ("+3.1 pts", "-0.0412"); empty when either is missing. */
  change: string;
  /** Whether b did better, worse, the same, or it cannot be told. */
  verdict: 'better' | 'worse' | 'same' | null;
}

function row(label: string, name: string, share: boolean, a: number | undefined, b: number | undefined): MetricRow {
  const show = (v: number | undefined) => (v === undefined ? '–' : formatMetric(v, share));
  if (a === undefined || b === undefined) return { label, a: show(a), b: show(b), change: '', verdict: null };
  const diff = b - a;
  const change = share ? `${diff >= 0 ? '+' : '−'}${Math.abs(diff * 100).toFixed(1)} pts` : `${diff >= 0 ? '+' : '−'}${formatLoss(Math.abs(diff))}`;
  const same = show(a) === show(b);
  const direction = lowerIsBetter.has(name) ? -1 : higherIsBetter.has(name) ? 1 : 0;
  const verdict = same ? 'same' : direction === 0 ? null : diff * direction > 0 ? 'better' : 'worse';
  return { label, a: show(a), b: show(b), change: same ? 'same' : change, verdict };
}

/**
 * The two runs' final numbers side by side: the loss on the training and validation rows, every
 * metric either run measured on its validation rows, and on its test rows when it has them.
 */
export function compareMetrics(a: Pick<RunRecord, 'spec' | 'history' | 'test'>, b: Pick<RunRecord, 'spec' | 'history' | 'test'>): MetricRow[] {
  const lastA = a.history.at(-1);
  const lastB = b.history.at(-1);
  const rows: MetricRow[] = [
    row('Loss (training rows)', 'loss', false, lastA?.loss, lastB?.loss),
    row('Loss (validation rows)', 'loss', false, lastA?.valLoss, lastB?.valLoss),
  ];
  const reported = [...Object.keys(lastA?.valMetrics ?? {}), ...Object.keys(lastB?.valMetrics ?? {})];
  const metrics = runMetrics(b.spec, reported);
  for (const m of runMetrics(a.spec, reported)) if (!metrics.some((n) => n.name === m.name)) metrics.push(m);
  for (const m of metrics) {
    rows.push(row(`${m.label} (validation rows)`, m.name, m.share, lastA && metricAt(lastA, m.name, 'validation'), lastB && metricAt(lastB, m.name, 'validation')));
  }
  if (a.test || b.test) {
    const keys = [...new Set([...Object.keys(a.test ?? {}), ...Object.keys(b.test ?? {})])];
    for (const key of keys) {
      const m = metrics.find((n) => n.name === key) ?? { label: key === 'loss' ? 'Loss' : key, share: higherIsBetter.has(key) && key !== 'r2' };
      rows.push(row(`${m.label} (test rows)`, key, m.share, a.test?.[key], b.test?.[key]));
    }
  }
  // A row neither run has says nothing.
  return rows.filter((r) => r.a !== '–' || r.b !== '–');
}

/** One line of the compare charts: a run's values per epoch (null where that run has none). */
export interface CurveSeries {
  label: string;
  run: 'a' | 'b';
  part: 'train' | 'validation';
  values: (number | null)[];
}

/**
 * Both runs' curves over the same epochs (1 to the longer run's last), for one chart: the loss,
 * or the main metric. A part neither epoch of a run has (no validation rows) is left out.
 */
export function compareCurves(a: Pick<RunRecord, 'history'>, b: Pick<RunRecord, 'history'>, metric: string | 'loss'): { epochs: number[]; series: CurveSeries[] } {
  const count = Math.max(a.history.length, b.history.length);
  const epochs = Array.from({ length: count }, (_, i) => i + 1);
  const series: CurveSeries[] = [];
  for (const [run, record] of [['a', a], ['b', b]] as const) {
    for (const part of ['train', 'validation'] as const) {
      const pick = (r: EpochReport) =>
        metric === 'loss' ? (part === 'train' ? r.loss : r.valLoss) : metricAt(r, metric, part);
      const values = epochs.map((e) => {
        const report = record.history.find((r) => r.epoch === e);
        return (report && pick(report)) ?? null;
      });
      if (values.some((v) => v !== null)) series.push({ label: `Run ${run.toUpperCase()} · ${part === 'train' ? 'training' : 'validation'}`, run, part, values });
    }
  }
  return { epochs, series };
}

/** A run as the Runs tab names it: when it started ("1 Dec, 14:02", with seconds to tell two runs of one minute apart). */
export function runLabel(run: Pick<RunRecord, 'startedAt'>, seconds = false): string {
  return new Date(run.startedAt).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds && { second: '2-digit' }),
  });
}
