import { getNodeDefinition } from '@/nodes';
import { fieldOf, optionLabel } from '@/nodes/fields';
import { nameOf, type NodeNames } from '@/lib/document/node-name';
import type { EpochReport } from '@/lib/engine/protocol';
import type { PipelineSpec } from '@/lib/spec/spec';
import { sourceKinds } from '@/lib/training/advice';

/**
 * What the training panel says about a run, as pure functions of the run and the pipeline: one
 * account of where a run stopped, what changed since it started and what its numbers are worth
 * (what to do next is lib/training/advice.ts).
 */

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

/** The headline of a run that ended: where it stopped, in the same words as its progress. */
export function endedHeadline(outcome: 'finished' | 'stopped', history: EpochReport[], progress: Progress | null): string {
  const complete = history.length;
  if (outcome === 'finished') return `Finished ${plural(complete, 'epoch')}`;
  if (!progress) return 'Stopped before the first batch';
  const { epoch, epochs, batch, batches } = progress;
  if (batch >= batches && complete >= epoch) return `Stopped after epoch ${epoch} of ${epochs}`;
  const done = complete === 0 ? 'no epoch complete yet' : `${plural(complete, 'epoch')} complete`;
  return `Stopped in epoch ${epoch} of ${epochs}, at batch ${batch} of ${batches} · ${done}`;
}

/**
 * A warning when the validation set is too small for its accuracy to mean much; null from 30
 * samples on. The margin is two standard errors of a proportion at its widest (50%).
 */
export function validationWarning(samples: number): string | null {
  if (samples >= 30) return null;
  const count = plural(samples, 'held-out sample');
  if (samples < 10) {
    return `Only ${count}: an accuracy on so few says almost nothing about new data. Hold out more samples (raise the split's validation share) or use more data.`;
  }
  return `Only ${count}: this accuracy could be ${Math.round(100 / Math.sqrt(samples))} points off either way. Hold out more samples for a number you can trust.`;
}

interface Part {
  kind: string;
  params: Record<string, unknown>;
  inputs?: string[];
}

/** The spec as its parts by node id. */
function parts(spec: PipelineSpec): Map<string, Part> {
  const map = new Map<string, Part>();
  const { nodeId, output: _output, source, ...params } = spec.data.dataset;
  map.set(nodeId, { kind: sourceKinds[source], params });
  for (const step of [...spec.data.steps, spec.loss, spec.optimizer, ...spec.metrics]) {
    map.set(step.nodeId, { kind: step.kind, params: step.params });
  }
  for (const layer of spec.model.layers) map.set(layer.nodeId, { kind: layer.kind, params: layer.params, inputs: layer.inputs });
  return map;
}

const label = (kind: string) => getNodeDefinition(kind)?.ui.label ?? kind;

/** A setting's change as the inspector words it: "Learning rate 0.01 → 0.001", "Dataset Iris flowers → MNIST digits". */
function settingChange(kind: string, key: string, from: unknown, to: unknown): string {
  const def = getNodeDefinition(kind);
  const field = def && fieldOf(def, key);
  const format = (value: unknown) =>
    value === undefined
      ? field?.auto
        ? 'auto'
        : 'all'
      : typeof value === 'boolean'
        ? value
          ? 'on'
          : 'off'
        : typeof value === 'string'
          ? field
            ? optionLabel(field, value)
            : value
          : JSON.stringify(value);
  return `${field?.label ?? key} ${format(from)} → ${format(to)}`;
}

/**
 * What differs, in words, between the spec a run started from and the pipeline now, naming nodes
 * and settings as the canvas does: "Adam: Learning rate 0.01 → 0.001". Node moves and renames
 * never reach the spec, so they are no change.
 */
export function specChanges(before: PipelineSpec, after: PipelineSpec, names: NodeNames): string[] {
  const a = parts(before);
  const b = parts(after);
  const changes: string[] = [];
  for (const [id, old] of a) {
    const now = b.get(id);
    const name = nameOf(names, id, old.kind);
    if (!now) {
      changes.push(`removed ${name}`);
    } else if (now.kind !== old.kind) {
      changes.push(`${name} became ${label(now.kind)}`);
    } else {
      const settings = [...new Set([...Object.keys(old.params), ...Object.keys(now.params)])]
        .filter((key) => JSON.stringify(old.params[key]) !== JSON.stringify(now.params[key]))
        .map((key) => settingChange(old.kind, key, old.params[key], now.params[key]));
      if (settings.length > 0) changes.push(`${name}: ${settings.join(', ')}`);
      if (JSON.stringify(old.inputs) !== JSON.stringify(now.inputs)) changes.push(`${name}: rewired`);
    }
  }
  for (const [id, now] of b) if (!a.has(id)) changes.push(`added ${nameOf(names, id, now.kind)}`);
  // Whatever else differs (the order of preprocessing, the model's output) is still a change.
  if (changes.length === 0 && JSON.stringify(before) !== JSON.stringify(after)) changes.push('the wiring changed');
  return changes;
}

/** One metric of a run as the panel lists it: its Keras name (the key in the run's results) and its label. */
export interface RunMetric {
  name: string;
  label: string;
  /** A share (accuracy, precision, recall, F1, AUC): shown as a percentage; otherwise as a number. */
  share: boolean;
}

/** Metrics measured as shares of rows or classes, shown in percent; everything else (MAE, RMSE, R²...) as numbers. */
const shares = new Set(['accuracy', 'precision', 'recall', 'f1', 'auc', 'top_k_accuracy']);

/**
 * The metrics a run reports, named as the canvas names their nodes' kinds ("F1 score"), in the
 * pipeline's order; then any value the run reports that no metric node names (kept, by its key,
 * so nothing it measured goes unshown).
 */
export function runMetrics(spec: PipelineSpec, reported: Iterable<string>): RunMetric[] {
  const listed: RunMetric[] = [];
  for (const step of spec.metrics) {
    const def = getNodeDefinition(step.kind);
    const name = def?.metricName?.(step.params as never);
    if (!def || !name || listed.some((m) => m.name === name)) continue;
    listed.push({ name, label: def.ui.label, share: shares.has(name) });
  }
  const known = new Set(listed.map((m) => m.name));
  // The loss is the panel's first chart, not a metric; per-class values and the like come by key.
  for (const key of reported) {
    if (key === 'loss' || known.has(key)) continue;
    known.add(key);
    listed.push({ name: key, label: key, share: shares.has(key) });
  }
  return listed;
}

/**
 * The metric the panel's second chart follows: accuracy for a classifier (the chart says how to
 * add it when missing); for a regression the MAE, else its first metric, else MAE (with the same offer).
 */
export function chartedMetric(spec: PipelineSpec | null, metrics: RunMetric[]): { name: string; label: string; share: boolean } {
  const regression = spec?.data.target.info.kind === 'numbers';
  if (!regression) return { name: 'accuracy', label: 'Accuracy', share: true };
  return metrics.find((m) => m.name === 'mae') ?? metrics[0] ?? { name: 'mae', label: 'MAE', share: false };
}
