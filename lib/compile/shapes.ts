import { edgeId, portKey } from '@/lib/document/document';
import { formatShape, type Shape } from '@/lib/shape/shape';
import type { PortInfo } from '@/nodes/define-node';
import type { Issue } from './compile';
import { dataStage, theSplit, type CompileContext } from './context';
import { missingInputHint, type Wiring } from './wiring';

/** `portKey(node, output port)` -> the shape that output gives, and what else is known about it. */
export interface Shapes {
  shapes: Map<string, Shape>;
  info: Map<string, PortInfo>;
}

/**
 * Pass 3, shapes: each node in flow order infers its outputs from its inputs' shapes, so a shape
 * problem is reported on the node that can fix it, and the canvas can show the shape on every
 * wire and the parameter count of every layer. Data ports carry more than a shape (a table's
 * columns, what the target is, whether a tensor holds ids): nodes read that from `info`, and
 * fields they pick from what flows in (`autoFromInputs`) are filled in first. Hands the shapes
 * and info on to the spec (the model's inputs, the target).
 */
export function inferShapes(ctx: CompileContext, { incoming, wired, order }: Wiring): Shapes {
  const { defs, params, analysis, issues, error, name } = ctx;
  const split = theSplit(ctx);
  const splitName = split ? name(split) : undefined;
  const shapes = new Map<string, Shape>();
  const infos = new Map<string, PortInfo>();
  for (const id of order) {
    const def = defs.get(id)!;
    const p = params.get(id);
    const inputShapes: Shape[] = [];
    const inputInfo: PortInfo[] = [];
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
      if (shape) {
        inputShapes.push(shape);
        inputInfo.push(infos.get(portKey(edge.source, edge.sourcePort)) ?? {});
      } else complete = false;
    }
    if (!p || !complete) continue;
    const resolved = pickFromInputs(id, p, inputShapes, inputInfo);
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
    const result = def.inferShape(resolved, inputShapes, inputInfo);
    if (result.ok) {
      def.outputs.forEach((port, i) => {
        shapes.set(portKey(id, port.id), result.shapes[i]);
        infos.set(portKey(id, port.id), result.info?.[i] ?? {});
        analysis.nodes[id].outputShapes[port.id] = result.shapes[i];
        if (result.info?.[i]) (analysis.nodes[id].outputInfo ??= {})[port.id] = result.info[i];
      });
      if (def.paramCount) analysis.nodes[id].paramCount = def.paramCount(resolved, inputShapes);
      if (def.nonTrainableParamCount) analysis.nodes[id].nonTrainableParamCount = def.nonTrainableParamCount(resolved, inputShapes);
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
  return { shapes, info: infos };

  /** The node's params with the fields it picks from its inputs filled in, where left empty. */
  function pickFromInputs(id: string, p: Record<string, unknown>, inputShapes: Shape[], inputInfo: PortInfo[]): Record<string, unknown> {
    const def = defs.get(id)!;
    if (!def.autoFromInputs) return p;
    const picked = Object.entries(def.autoFromInputs(p, inputShapes, inputInfo)).filter(([field]) => p[field] === undefined);
    if (picked.length === 0) return p;
    const resolved = { ...p, ...Object.fromEntries(picked.map(([field, v]) => [field, v.value])) };
    params.set(id, resolved);
    analysis.nodes[id].params = resolved;
    analysis.nodes[id].auto = { ...analysis.nodes[id].auto, ...Object.fromEntries(picked) };
    return resolved;
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
}
