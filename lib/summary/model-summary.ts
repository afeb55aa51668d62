import { getNodeDefinition } from '@/nodes';
import type { Analysis } from '@/lib/compile/compile';
import { downstream, topologicalOrder } from '@/lib/compile/graph';
import type { PipelineDocument } from '@/lib/document/document';
import { distinctNodeNames } from '@/lib/document/node-name';
import { sampleSize, type Shape } from '@/lib/shape/shape';

/** float32: every weight and every activation the model holds takes 4 bytes. */
export const bytesPerValue = 4;

/** One layer of the model, as a row of Keras's `model.summary()`. */
export interface SummaryRow {
  nodeId: string;
  /** The node's name as the canvas shows it (with its id where two share a name). */
  name: string;
  /** The kind's label, e.g. "Conv2D": Keras's "(type)". */
  kind: string;
  /** The shape of its output; absent while compile cannot infer it. */
  outputShape?: Shape;
  /** Every parameter, as Keras's "Param #"; absent while they cannot be counted (its input shape is unknown). */
  params?: number;
  /** The part of `params` training does not learn (BatchNormalization's moving mean and variance). */
  nonTrainableParams?: number;
  /** The names of the nodes wired into it, in input port order: Keras's "Connected to". */
  connectedTo: string[];
}

export interface ModelSummary {
  /** Every layer on the canvas, in the order data flows through them (those it cannot reach after). */
  rows: SummaryRow[];
  /** Every parameter of the rows whose count is known: Keras's "Total params". */
  totalParams: number;
  /** The parameters the optimizer learns: totalParams less nonTrainableParams. */
  trainableParams: number;
  /** The parameters the layers update themselves (BatchNormalization's moving statistics). */
  nonTrainableParams: number;
  /** False when some row's count is unknown: the total is then a lower bound. */
  paramsComplete: boolean;
  /** totalParams x 4 bytes: the model holds the non-trainable weights too. */
  weightBytes: number;
  /**
   * The activations one training batch holds: batch size x the values of every layer output per
   * sample x 4 bytes. Absent without a single optimizer to give the batch size.
   */
  batch?: { size: number; valuesPerSample: number; bytes: number; complete: boolean };
  /** What the summary cannot say yet, and why, in words for the dialog. */
  missing: string[];
}

/**
 * Keras's `model.summary()` for the document on the canvas, from what compile worked out
 * (`analysis`): it reads only each node's output shapes and parameter count, the node categories
 * and the wires, so a graph with problems still shows what is known and says what is not.
 */
export function modelSummary(doc: PipelineDocument, analysis: Analysis): ModelSummary {
  const name = distinctNodeNames(doc.nodes);
  const ids = new Set(doc.nodes.map((n) => n.id));
  const edges = doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  // Layers the data reaches come first, in flow order; then those cut off from it (a wire
  // missing), and last those on a loop, which have no flow order, in document order.
  const ordered = topologicalOrder([...ids], edges);
  const placed = new Set(ordered);
  const fromData = new Set(
    doc.nodes.filter((n) => getNodeDefinition(n.kind)?.category === 'data').flatMap((n) => [...downstream(n.id, edges, () => true)]),
  );
  const flow = [
    ...ordered.filter((id) => fromData.has(id)),
    ...ordered.filter((id) => !fromData.has(id)),
    ...doc.nodes.map((n) => n.id).filter((id) => !placed.has(id)),
  ];

  const rows: SummaryRow[] = [];
  for (const id of flow) {
    const def = getNodeDefinition(byId.get(id)!.kind);
    if (def?.category !== 'layer') continue;
    const info = analysis.nodes[id];
    const outputShape = info?.outputShapes[def.outputs[0]?.id ?? ''];
    // A layer kind without a count holds no weights; one with a count has it once its input is known.
    const params = def.paramCount ? info?.paramCount : outputShape && 0;
    const connectedTo = def.inputs.flatMap((port) => edges.filter((e) => e.target === id && e.targetPort === port.id).map((e) => name(e.source)));
    const nonTrainableParams = params === undefined ? undefined : (info?.nonTrainableParamCount ?? 0);
    rows.push({ nodeId: id, name: name(id), kind: def.ui.label, outputShape, params, nonTrainableParams, connectedTo });
  }

  const totalParams = rows.reduce((sum, r) => sum + (r.params ?? 0), 0);
  const nonTrainableParams = rows.reduce((sum, r) => sum + (r.nonTrainableParams ?? 0), 0);
  const trainableParams = totalParams - nonTrainableParams;
  const paramsComplete = rows.every((r) => r.params !== undefined);
  const shapesComplete = rows.every((r) => r.outputShape !== undefined);
  const missing: string[] = [];
  if (rows.length === 0) missing.push('There are no layers yet: add layers from the palette between the data and the loss.');
  const unknown = rows.filter((r) => r.outputShape === undefined || r.params === undefined).map((r) => r.name);
  if (unknown.length > 0) {
    missing.push(
      `${list(unknown)} ${unknown.length === 1 ? 'has' : 'have'} no output shape or parameter count yet: fix the problems on ${unknown.length === 1 ? 'it' : 'them'}, or on the nodes before, and the totals will count ${unknown.length === 1 ? 'it' : 'them'} too.`,
    );
  }

  const batchSize = theBatchSize(doc, analysis);
  let batch: ModelSummary['batch'];
  if (typeof batchSize === 'number') {
    const valuesPerSample = rows.reduce((sum, r) => sum + activationValues(r.nodeId, analysis), 0);
    batch = { size: batchSize, valuesPerSample, bytes: batchSize * valuesPerSample * bytesPerValue, complete: shapesComplete };
  } else if (rows.length > 0) {
    missing.push(batchSize);
  }
  return { rows, totalParams, trainableParams, nonTrainableParams, paramsComplete, weightBytes: totalParams * bytesPerValue, batch, missing };
}

/** Values per sample over all of a layer's outputs. */
function activationValues(id: string, analysis: Analysis): number {
  return Object.values(analysis.nodes[id]?.outputShapes ?? {}).reduce((sum, shape) => sum + sampleSize(shape), 0);
}

/** The optimizer's batch size, or why there is none to read. */
function theBatchSize(doc: PipelineDocument, analysis: Analysis): number | string {
  const optimizers = doc.nodes.filter((n) => getNodeDefinition(n.kind)?.category === 'optimizer');
  if (optimizers.length === 0) return 'The memory for one batch needs the batch size: add an optimizer, which sets it.';
  if (optimizers.length > 1) return 'The memory for one batch needs the batch size, and there are several optimizers: keep one.';
  const size = analysis.nodes[optimizers[0].id]?.params?.batchSize;
  return typeof size === 'number' ? size : "The memory for one batch needs the batch size: fix the optimizer's batch size.";
}

function list(names: string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes as Keras's summary writes them: 1024 to the next unit, two decimals ("341.10 KB"). */
export function formatBytes(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(2)} ${units[unit]}`;
}
