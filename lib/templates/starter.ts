import type { PipelineEdge, PipelineNode } from '@/lib/document/document';
import { uniqueNodeId } from '@/lib/store/pipeline';
import { csvTableInfo, type CsvFileParams } from '@/nodes/data/csv-file';

/**
 * A first model around a CSV file node, in one click: what a product manager would otherwise
 * wire by hand from the penguins template (cleaning, one-hot, an MLP). The choices follow the
 * columns as compile sees them (csvTableInfo: dates are numbers, ignored columns are gone):
 * - rows without a target are dropped before the split (nothing to learn from them);
 * - the split holds out 20% for validation, in time order when the file is (no shuffling);
 * - gaps in number features are filled with the training rows' mean, after the split;
 * - category features are one-hot encoded (a gap there encodes as all zeros);
 * - text columns are not read (a model needs them tokenised: that is not a starter's job);
 * - a category target makes a classifier (softmax, cross-entropy, accuracy and F1), a number
 *   target a regression (one linear unit, MSE, MAE and R²).
 */

export type StarterResult = { ok: true; nodes: PipelineNode[]; edges: PipelineEdge[] } | { ok: false; message: string };

/** Between nodes of the first placement (a row, left to right); the app tidies the layout right after. */
const STEP_X = 346;

const METRICS = {
  classes: [
    { kind: 'metric.accuracy', label: 'Accuracy' },
    { kind: 'metric.f1', label: 'F1' },
  ],
  numbers: [
    { kind: 'metric.mae', label: 'MAE' },
    { kind: 'metric.r2', label: 'R²' },
  ],
};

export function starterPipeline(csvNodeId: string, params: CsvFileParams, position: { x: number; y: number }, takenIds: Iterable<string> = [csvNodeId]): StarterResult {
  const info = csvTableInfo(params);
  const target = info.columns.find((c) => c.name === params.target);
  if (!params.target || !target) {
    return { ok: false, message: 'Pick the column to predict first: set its role to Target in the columns list.' };
  }
  if (target.type !== 'category' && target.type !== 'number') {
    return { ok: false, message: `"${target.name}" is a text column: a model predicts a category or a number. Make it a Category, or pick another target.` };
  }
  const features = info.columns.filter((c) => c.name !== target.name && c.type !== 'text');
  if (features.length === 0) {
    return {
      ok: false,
      message: `No column is left to learn "${target.name}" from: every other column is text or left out. Set another column's role to Feature, or make a text column a Category.`,
    };
  }
  const numberGaps = features.filter((c) => c.type === 'number' && c.missing).map((c) => c.name);
  const categories = features.filter((c) => c.type === 'category').map((c) => c.name);
  const classes = target.type === 'category';

  const taken = new Set(takenIds);
  const nodes: PipelineNode[] = [];
  const edges: PipelineEdge[] = [];
  const add = (kind: string, nodeParams: Record<string, unknown>, label: string): string => {
    const id = uniqueNodeId(kind, taken);
    taken.add(id);
    nodes.push({ id, kind, params: nodeParams, label, position: { x: position.x + (nodes.length + 1) * STEP_X, y: position.y } });
    return id;
  };
  const wire = (source: string, sourcePort: string, targetId: string, targetPort: string) => edges.push({ source, sourcePort, target: targetId, targetPort });

  // The table flows through these in turn; `last` is the node whose table the next one reads.
  let last = { id: csvNodeId, port: 'table' };
  const chain = (kind: string, nodeParams: Record<string, unknown>, label: string, input: string, output: string) => {
    const id = add(kind, nodeParams, label);
    wire(last.id, last.port, id, input);
    last = { id, port: output };
  };
  if (target.missing) chain('preprocess.missingValues', { strategy: 'dropRow', columns: target.name }, `Drop rows without ${target.name}`, 'in', 'out');
  chain('preprocess.split', { validationFraction: 0.2, shuffle: !params.ordered }, 'Split', 'table', 'table');
  if (numberGaps.length > 0) chain('preprocess.missingValues', { strategy: 'mean', columns: numberGaps.join(', ') }, 'Fill gaps', 'in', 'out');
  if (categories.length > 0) chain('preprocess.oneHot', { columns: categories.join(', ') }, 'One-hot', 'in', 'out');
  const cleaned = last;

  // Select columns' own default is exactly the features: every number column but the target,
  // one-hot columns included under the names the encoding gives them.
  const select = add('preprocess.selectColumns', {}, 'Features');
  wire(cleaned.id, cleaned.port, select, 'table');
  const labels = add('preprocess.target', { column: target.name }, `Target: ${target.name}`.slice(0, 100));
  wire(cleaned.id, cleaned.port, labels, 'table');
  const standardize = add('preprocess.standardize', {}, 'Standardize');
  wire(select, 'out', standardize, 'in');
  const hidden = add('layer.dense', { units: 32, activation: 'relu' }, 'Hidden');
  wire(standardize, 'out', hidden, 'in');
  const output = add('layer.dense', classes ? { units: target.categories?.length ?? 0, activation: 'softmax' } : { units: 1, activation: 'linear' }, classes ? 'Classifier' : 'Prediction');
  wire(hidden, 'out', output, 'in');
  const loss = add(classes ? 'loss.categoricalCrossentropy' : 'loss.meanSquaredError', {}, 'Loss');
  wire(output, 'out', loss, 'prediction');
  wire(labels, 'out', loss, 'labels');
  const optimizer = add('optimizer.adam', {}, 'Adam');
  wire(loss, 'loss', optimizer, 'loss');
  for (const { kind, label } of METRICS[classes ? 'classes' : 'numbers']) {
    const metric = add(kind, {}, label);
    wire(output, 'out', metric, 'prediction');
    wire(labels, 'out', metric, 'labels');
  }
  return { ok: true, nodes, edges };
}
