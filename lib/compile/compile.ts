import { getNodeDefinition } from '@/nodes';
import { validationRows } from '@/nodes/preprocess/split';
import type { AnyNodeDefinition, AutoValue, DataFacts, PortDefinition, PortType } from '@/nodes/define-node';
import { edgeId, portKey, type PipelineDocument, type PipelineEdge } from '@/lib/document/document';
import { distinctNodeNames, nodeName } from '@/lib/document/node-name';
import { PipelineSpec, modelInputId, specVersion, type SpecStep } from '@/lib/spec/spec';
import { datasets, type DatasetId } from '@/lib/datasets/catalog';
import { formatShape, type Shape } from '@/lib/shape/shape';
import { fieldOf, fieldProblem, humanize, optionLabel } from '@/nodes/fields';
import { downstream, loopThrough, topologicalOrder, upstream } from './graph';

/** A problem shown on the canvas: on a node (and port or field) when it has one, else on the pipeline. */
export interface Issue {
  code: string;
  severity: 'error' | 'warning';
  nodeId?: string;
  portId?: string;
  field?: string;
  message: string;
  hint: string;
  /** A one-click repair the canvas can offer. */
  fix?: IssueFix;
}

/** Merge `params` into node `nodeId` and, when given, delete the connection `deleteEdge` (an edge id), as one edit. */
export interface IssueFix {
  label: string;
  nodeId: string;
  params: Record<string, unknown>;
  deleteEdge?: string;
}

export interface NodeAnalysis {
  /** Output port id -> shape, for the ports whose shape could be inferred. */
  outputShapes: Record<string, Shape>;
  paramCount?: number;
  /** Params after parsing with defaults and filling in auto values; absent when they do not parse. */
  params?: Record<string, unknown>;
  /** Fields left empty that compile picked a value for, and why. */
  auto?: Record<string, AutoValue>;
}

export interface Analysis {
  nodes: Record<string, NodeAnalysis>;
  /** Edge id -> the shape flowing along it. */
  edgeShapes: Record<string, Shape>;
}

export type CompileResult =
  | { ok: true; spec: PipelineSpec; issues: Issue[]; analysis: Analysis }
  | { ok: false; issues: Issue[]; analysis: Analysis };

const dataStage = new Set(['data', 'preprocess']);

const portTypeNames: Record<PortType, string> = { tensor: 'a tensor', labels: 'labels', loss: 'a loss' };

/** Pure and fast enough to run on every edit: parses params, checks wiring, infers shapes, builds the spec. */
export function compile(doc: PipelineDocument): CompileResult {
  const issues: Issue[] = [];
  const analysis: Analysis = { nodes: {}, edgeShapes: {} };
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const defs = new Map<string, AnyNodeDefinition>();
  const params = new Map<string, Record<string, unknown>>();
  const name = (id: string) => {
    const node = nodes.get(id);
    return node ? nodeName(node) : id;
  };
  const distinct = distinctNodeNames(doc.nodes);
  const error = (issue: Omit<Issue, 'severity'>) => issues.push({ severity: 'error', ...issue });
  const warn = (issue: Omit<Issue, 'severity'>) => issues.push({ severity: 'warning', ...issue });

  // 1. Every node: known kind, params that parse.
  for (const node of doc.nodes) {
    analysis.nodes[node.id] = { outputShapes: {} };
    const def = getNodeDefinition(node.kind);
    if (!def) {
      error({
        code: 'E_UNKNOWN_KIND',
        nodeId: node.id,
        message: `"${node.kind}" is not a node this version of the app knows.`,
        hint: 'Delete this node and add its replacement from the palette.',
      });
      continue;
    }
    defs.set(node.id, def);
    const parsed = def.params.safeParse(node.params);
    if (parsed.success) {
      params.set(node.id, parsed.data);
      analysis.nodes[node.id].params = parsed.data;
    } else {
      // One issue per field: zod may report several checks on one value (600.5 is both too big
      // and not whole), and the fix is the same, a value the field accepts.
      const fields = new Set<string>(parsed.error.issues.map((problem: { path: PropertyKey[] }) => String(problem.path[0] ?? '')));
      for (const fieldName of fields) {
        const field = fieldOf(def, fieldName);
        const label = field?.label ?? humanize(fieldName);
        error({
          code: 'E_PARAM',
          nodeId: node.id,
          field: fieldName,
          message: `${name(node.id)}: ${field ? fieldProblem(field, node.params[fieldName]) : `${label} has a value this node does not accept.`}`,
          hint:
            field?.defaultValue !== undefined
              ? `Change ${label} in the inspector, or clear it to use the default, ${field.type === 'enum' ? optionLabel(field, String(field.defaultValue)) : String(field.defaultValue)}.`
              : `Change ${label} in the inspector${field?.auto ? ', or clear it to have it picked for the data' : field?.optional ? ', or clear it' : ''}.`,
        });
      }
    }
  }

  // Fields left empty for the node to pick (an optimizer's epochs and learning rate) get values
  // that fit the data, before anything reads the params: the canvas, the inspector and the run
  // all see the same numbers.
  const splitIds = [...defs].filter(([, d]) => d.kind === 'preprocess.split').map(([id]) => id);
  const data = dataFacts();
  for (const [id, def] of defs) {
    const p = params.get(id);
    if (!def.auto || !p) continue;
    const picked = Object.entries(def.auto(p, data)).filter(([field]) => p[field] === undefined);
    if (picked.length === 0) continue;
    const resolved = { ...p, ...Object.fromEntries(picked.map(([field, v]) => [field, v.value])) };
    params.set(id, resolved);
    analysis.nodes[id].params = resolved;
    analysis.nodes[id].auto = Object.fromEntries(picked);
  }

  // 2. Every edge: both ends exist, types agree, one wire per input port.
  const incoming = new Map<string, Map<string, PipelineEdge>>();
  const wired: PipelineEdge[] = [];
  for (const edge of doc.edges) {
    const source = defs.get(edge.source);
    const target = defs.get(edge.target);
    const out = source?.outputs.find((p) => p.id === edge.sourcePort);
    const into = target?.inputs.find((p) => p.id === edge.targetPort);
    if (!out || !into) {
      // Unknown kinds already have their own issue; only report wires that point nowhere.
      if ((nodes.has(edge.source) && !source) || (nodes.has(edge.target) && !target)) continue;
      const end = !out ? edge.source : edge.target;
      error({
        code: 'E_BAD_EDGE',
        nodeId: nodes.has(end) ? end : undefined,
        message: `A connection points to a port that does not exist (${edge.source}.${edge.sourcePort} -> ${edge.target}.${edge.targetPort}).`,
        hint: 'Delete that connection and wire the nodes again.',
      });
      continue;
    }
    const refusal = connectionRefusal(source!, out, target!, into);
    if (refusal) {
      error({ code: 'E_PORT_TYPE', nodeId: edge.target, portId: edge.targetPort, ...refusal });
      continue;
    }
    const ports = incoming.get(edge.target) ?? new Map<string, PipelineEdge>();
    if (ports.has(edge.targetPort)) {
      error({
        code: 'E_PORT_TAKEN',
        nodeId: edge.target,
        portId: edge.targetPort,
        message: `${name(edge.target)} has two connections into its "${into.label}" input; it takes one.`,
        hint: 'Delete one of the two connections.',
      });
      continue;
    }
    ports.set(edge.targetPort, edge);
    incoming.set(edge.target, ports);
    wired.push(edge);
  }

  // 3. Topological order. What is left over sits on a loop or downstream of one; flag only the
  // loop's nodes, each naming the connection that closes it (the last drawn of its wires).
  const order = topologicalOrder([...defs.keys()], wired);
  const ordered = new Set(order);
  for (const id of defs.keys()) {
    if (ordered.has(id)) continue;
    const loop = loopThrough(id, wired);
    const closing = wired.findLast((e) => loop.has(e.source) && loop.has(e.target));
    if (!closing) continue;
    // A loop often runs through two nodes of one kind: the messages tell them apart.
    const connection = `${distinct(closing.source)} → ${distinct(closing.target)}`;
    error({
      code: 'E_CYCLE',
      nodeId: id,
      message:
        closing.source === closing.target
          ? `${distinct(id)} feeds its own input (${connection}): data must flow one way.`
          : `${distinct(id)} is part of a loop closed by the connection ${connection}: its output flows back into its own input.`,
      hint: `Data must flow one way, from the dataset to the loss: delete the connection ${connection}.`,
      fix: { label: 'Delete this connection', nodeId: closing.target, params: {}, deleteEdge: edgeId(closing) },
    });
  }

  // 4. Shapes, node by node in flow order.
  const splitName = splitIds.length === 1 ? name(splitIds[0]) : undefined;
  const shapes = new Map<string, Shape>();
  for (const id of order) {
    const def = defs.get(id)!;
    const p = params.get(id);
    const inputShapes: Shape[] = [];
    let complete = true;
    for (const port of def.inputs) {
      const edge = incoming.get(id)?.get(port.id);
      if (!edge) {
        complete = false;
        error({
          code: 'E_MISSING_INPUT',
          nodeId: id,
          portId: port.id,
          message: `${name(id)} has nothing connected to its "${port.label}" input.`,
          hint: missingInputHint(def, port, splitName),
        });
        continue;
      }
      const shape = shapes.get(portKey(edge.source, edge.sourcePort));
      if (shape) inputShapes.push(shape);
      else complete = false;
    }
    if (!p || !complete) continue;
    const prediction = incoming.get(id)?.get('prediction')?.source;
    if (prediction && dataStage.has(defs.get(prediction)!.category)) {
      // Comparing raw data with labels would only produce a confusing shape error: say what is missing.
      if (def.category === 'loss') {
        error({
          code: 'E_NO_LAYERS',
          nodeId: id,
          portId: 'prediction',
          message: 'The loss is wired straight to the data: there is no model to train.',
          hint: 'Add layers (for example Dense) between the data and the loss.',
        });
      }
      continue;
    }
    const result = def.inferShape(p, inputShapes);
    if (result.ok) {
      def.outputs.forEach((port, i) => {
        shapes.set(portKey(id, port.id), result.shapes[i]);
        analysis.nodes[id].outputShapes[port.id] = result.shapes[i];
      });
      if (def.paramCount) analysis.nodes[id].paramCount = def.paramCount(p, inputShapes);
      continue;
    }
    const hasFixParams = (node: string) => Object.keys(result.fix?.params ?? {}).every((k) => k in defs.get(node)!.params.shape);
    let blamed = result.blamePort ? (incoming.get(id)?.get(result.blamePort)?.source ?? id) : id;
    // Look through shape-preserving layers (Activation, Dropout) for the node whose params set the
    // shape: with Dense(10) -> Activation(softmax) the units to change are on the Dense.
    for (let from = shapePreservingInput(blamed); result.fix && !hasFixParams(blamed) && from; from = shapePreservingInput(blamed)) {
      blamed = from;
    }
    const fixable = result.fix && hasFixParams(blamed);
    const issue: Omit<Issue, 'severity'> = { code: result.code, nodeId: blamed, message: result.message, hint: result.hint };
    if (fixable) issue.fix = { label: result.fix!.label, nodeId: blamed, params: result.fix!.params };
    // A loss and a metric reading the same bad output report the same problem once.
    if (!issues.some((i) => i.code === issue.code && i.nodeId === issue.nodeId && i.message === issue.message)) error(issue);
  }
  for (const edge of wired) {
    const shape = shapes.get(portKey(edge.source, edge.sourcePort));
    if (shape) analysis.edgeShapes[edgeId(edge)] = shape;
  }

  /** The node feeding `id`'s single input, when `id` is a layer whose output has the same shape as that input. */
  function shapePreservingInput(id: string): string | undefined {
    const def = defs.get(id)!;
    const edge = def.inputs.length === 1 ? incoming.get(id)?.get(def.inputs[0].id) : undefined;
    if (def.category !== 'layer' || !edge) return undefined;
    const before = shapes.get(portKey(edge.source, edge.sourcePort));
    const after = shapes.get(portKey(id, def.outputs[0].id));
    return before && after && formatShape(before) === formatShape(after) ? edge.source : undefined;
  }

  // 5. The pipeline as a whole: one dataset, one loss, one optimizer, at most one split; stages in order.
  const ofCategory = (category: string) => [...defs].filter(([, d]) => d.category === category).map(([id]) => id);
  const datasetIds = ofCategory('data');
  const lossIds = ofCategory('loss');
  const optimizerIds = ofCategory('optimizer');
  exactlyOne(datasetIds, 'E_NO_DATASET', 'E_MULTIPLE_DATASETS', 'dataset', 'Add a Dataset node from the Data section of the palette.');
  exactlyOne(lossIds, 'E_NO_LOSS', 'E_MULTIPLE_LOSSES', 'loss', 'Add a loss from the palette and connect the prediction and the labels to it.');
  exactlyOne(optimizerIds, 'E_NO_OPTIMIZER', 'E_MULTIPLE_OPTIMIZERS', 'optimizer', 'Add an optimizer (Adam is a good default) and connect the loss to it.');
  if (splitIds.length > 1) {
    for (const id of splitIds) {
      error({
        code: 'E_MULTIPLE_SPLITS',
        nodeId: id,
        message: `The pipeline has ${splitIds.length} train/validation splits; it can use one.`,
        hint: 'Delete all but one split.',
      });
    }
  }
  if (ofCategory('metric').length === 0) {
    warn({ code: 'W_NO_METRIC', message: 'No metric: training shows the loss only.', hint: 'Add an Accuracy metric to see how often the model is right.' });
  }

  for (const edge of wired) {
    const source = defs.get(edge.source)!;
    const target = defs.get(edge.target)!;
    if (dataStage.has(target.category) && source.category === 'layer') {
      error({
        code: 'E_PREPROCESS_AFTER_LAYER',
        nodeId: edge.target,
        message: `${name(edge.target)} prepares data, but it is wired after the layer ${name(edge.source)}.`,
        hint: 'Place preprocessing between the dataset and the first layer.',
      });
    }
  }
  const split = splitIds.length === 1 ? splitIds[0] : undefined;
  if (split) {
    const afterSplit = downstream(split, wired, (id) => dataStage.has(defs.get(id)!.category));
    for (const edge of wired) {
      const source = defs.get(edge.source)!;
      const target = defs.get(edge.target)!;
      if (dataStage.has(source.category) && !dataStage.has(target.category) && !afterSplit.has(edge.source)) {
        error({
          code: 'E_BYPASSES_SPLIT',
          nodeId: edge.target,
          portId: edge.targetPort,
          message: `${name(edge.target)} reads data that goes around the train/validation split, so validation samples would leak into training.`,
          hint: `Connect it to the split's ${source.outputs.find((p) => p.id === edge.sourcePort)?.type === 'labels' ? 'labels' : 'features'} output instead.`,
        });
      }
    }
  } else if (datasetIds.length === 1) {
    warn({
      code: 'W_NO_VALIDATION',
      nodeId: datasetIds[0],
      message: 'There is no train/validation split, so accuracy is measured on the very samples the model learns from.',
      hint: 'Add a Train/validation split between the data and the first layer.',
    });
  }

  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues, analysis };

  // 6. The model: the layers that feed the loss's prediction, and the data port they read.
  const loss = lossIds[0];
  const modelOutput = incoming.get(loss)!.get('prediction')!.source;
  const modelLayers = upstream(modelOutput, wired, (id) => defs.get(id)!.category === 'layer');
  const inputPorts = new Map<string, PipelineEdge>();
  const layers = order
    .filter((id) => modelLayers.has(id))
    .map((id) => {
      const def = defs.get(id)!;
      const inputs = def.inputs.map((port) => {
        const edge = incoming.get(id)!.get(port.id)!;
        if (modelLayers.has(edge.source)) return edge.source;
        inputPorts.set(portKey(edge.source, edge.sourcePort), edge);
        return modelInputId;
      });
      return { ...step(id), inputs, outputShape: analysis.nodes[id].outputShapes.out, paramCount: analysis.nodes[id].paramCount ?? 0 };
    });
  if (inputPorts.size > 1) {
    for (const layer of layers.filter((l) => l.inputs.includes(modelInputId))) {
      error({
        code: 'E_MULTIPLE_MODEL_INPUTS',
        nodeId: layer.nodeId,
        message: 'The model reads from more than one data output; it can take one.',
        hint: 'Connect every layer that reads data to the same features output (the split).',
      });
    }
    return { ok: false, issues, analysis };
  }
  for (const id of defs.keys()) {
    if (defs.get(id)!.category === 'layer' && !modelLayers.has(id)) {
      warn({
        code: 'W_UNUSED_NODE',
        nodeId: id,
        message: `${name(id)} does not lead to the loss, so it is not trained.`,
        hint: 'Connect it into the chain of layers, or delete it.',
      });
    }
    // Data work that feeds neither the model nor the split is left over, often from a rewiring.
    const def = defs.get(id)!;
    if (dataStage.has(def.category) && id !== split) {
      const reaches = downstream(id, wired, () => true);
      if (!reaches.has(split ?? '') && ![...reaches].some((r) => modelLayers.has(r))) {
        warn({
          code: 'W_UNUSED_NODE',
          nodeId: id,
          message: `${name(id)} is not connected to what trains, so ${def.ui.whenUnused ?? 'it has no effect'}.`,
          hint: `Wire its output into ${split ? name(split) : 'the first layer'} (the wire there now is replaced), or delete it.`,
        });
      }
    }
  }
  for (const id of ofCategory('metric')) {
    if (incoming.get(id)!.get('prediction')!.source !== modelOutput) {
      error({
        code: 'E_METRIC_PREDICTION',
        nodeId: id,
        portId: 'prediction',
        message: `${name(id)} measures a different output than the one the loss trains.`,
        hint: `Connect its prediction input to ${name(modelOutput)}, like the loss.`,
      });
    }
  }
  const outputParams = params.get(modelOutput)!;
  if ('activation' in outputParams && outputParams.activation !== 'softmax') {
    warn({
      code: 'W_NO_SOFTMAX',
      nodeId: modelOutput,
      message: `The classifier's activation is "${String(outputParams.activation)}": cross-entropy expects probabilities from softmax.`,
      hint: 'Set its activation to softmax.',
      fix: { label: 'Use softmax', nodeId: modelOutput, params: { activation: 'softmax' } },
    });
  }
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues, analysis };

  // 7. The data chain: walk up from the model's input to the dataset, noting where the split sits.
  const [inputKey, inputEdge] = [...inputPorts][0];
  const chain: string[] = [];
  for (let id: string | undefined = inputEdge.source; id; ) {
    chain.unshift(id);
    id = incoming.get(id)?.get(defs.get(id)!.inputs.find((p) => p.type === 'tensor')?.id ?? '')?.source;
  }
  const datasetNode = chain[0];
  const splitAt = split ? chain.indexOf(split) : -1;
  const steps = chain.slice(1).filter((id) => id !== split).map(step);
  const datasetParams = params.get(datasetNode)!;
  const splitParams = split ? params.get(split)! : undefined;
  const optimizer = optimizerIds[0];
  const spec = PipelineSpec.parse({
    version: specVersion,
    data: {
      dataset: datasetParams.dataset,
      maxSamples: datasetParams.maxSamples,
      classNames: datasets[datasetParams.dataset as DatasetId].classNames,
      before: splitAt < 0 ? steps : steps.slice(0, splitAt - 1),
      split: split ? { nodeId: split, validationFraction: splitParams!.validationFraction, shuffle: splitParams!.shuffle } : null,
      after: splitAt < 0 ? [] : steps.slice(splitAt - 1),
    },
    model: { inputShape: shapes.get(inputKey)!, layers, output: modelOutput },
    loss: step(loss),
    optimizer: step(optimizer),
    metrics: ofCategory('metric').map(step),
    training: defs.get(optimizer)!.training!(params.get(optimizer)!),
  });
  return { ok: true, spec, issues, analysis };

  /** The training data's size, when the pipeline has exactly one dataset whose settings parse. */
  function dataFacts(): DataFacts | undefined {
    const sources = [...defs].filter(([, d]) => d.category === 'data');
    const p = sources.length === 1 ? params.get(sources[0][0]) : undefined;
    if (!p) return undefined;
    const info = datasets[p.dataset as DatasetId];
    let samples = Math.min((p.maxSamples as number | undefined) ?? info.samples, info.samples);
    const fraction = splitIds.length === 1 ? (params.get(splitIds[0])?.validationFraction as number | undefined) : undefined;
    if (fraction !== undefined) samples -= validationRows(samples, fraction);
    return { trainSamples: samples, featureSize: info.featureShape.reduce((a, b) => a * b, 1) };
  }

  function step(id: string): SpecStep {
    return { nodeId: id, kind: defs.get(id)!.kind, params: params.get(id)! };
  }

  function exactlyOne(ids: string[], noneCode: string, manyCode: string, what: string, hint: string) {
    if (ids.length === 0) error({ code: noneCode, message: `The pipeline has no ${what}.`, hint });
    if (ids.length > 1) {
      for (const id of ids) {
        error({
          code: manyCode,
          nodeId: id,
          message: `The pipeline has ${ids.length} ${what}s; it can use only one.`,
          hint: `Delete all but one ${what}.`,
        });
      }
    }
  }
}

/** Why a wire from `out` to `into` may not exist, in words for the user; undefined when it may. */
export function connectionRefusal(
  source: AnyNodeDefinition,
  out: PortDefinition,
  target: AnyNodeDefinition,
  into: PortDefinition,
): { message: string; hint: string } | undefined {
  if (out.type === into.type) return undefined;
  return {
    message: `${target.ui.label}'s "${into.label}" input takes ${portTypeNames[into.type]}, but ${source.ui.label}'s "${out.label}" output gives ${portTypeNames[out.type]}.`,
    hint: missingInputHint(target, into),
  };
}

/**
 * What to wire into `target`'s `port`, pointing at the node that provides it: data-stage nodes
 * (the split, preprocessing) read the dataset; the model, the loss and the metrics read the split
 * when the pipeline has one (`split` is its name), else the dataset. Never the node itself.
 */
function missingInputHint(target: AnyNodeDefinition, port: PortDefinition, split?: string): string {
  const readsData = dataStage.has(target.category);
  switch (port.type) {
    case 'loss':
      return 'Connect the loss output of a loss node (for example Categorical cross-entropy).';
    case 'labels':
      return readsData || !split ? "Connect the dataset's labels output." : `Connect the train labels output of ${split}.`;
    default:
      if (port.id === 'prediction') return 'Connect the last layer of the model (the classifier).';
      if (readsData) return "Connect the dataset's features output, or the output of a preprocessing node before it.";
      return split
        ? `Connect the train features output of ${split}, or the output of another layer.`
        : "Connect the dataset's features output, or the output of another layer.";
  }
}
