import { portKey, type PipelineEdge } from '@/lib/document/document';
import { modelInputId, type SpecLayer } from '@/lib/spec/spec';
import { dataStage, idsOf, specStep, type CompileContext } from './context';
import { downstream, upstream } from './graph';
import type { Stages } from './stages';
import type { Wiring } from './wiring';

/** The model the loss trains. */
export interface Model {
  /** The layer whose output the loss reads. */
  output: string;
  /** Its layers in flow order, each naming the layers (or the model input) it reads. */
  layers: SpecLayer[];
  /** The data output the model reads (its port key) -> a wire from it; one once the pass passes. */
  dataInputs: Map<string, PipelineEdge>;
}

/**
 * Pass 5, model: the layers that feed the loss's prediction are the model; it reads one data
 * output. Runs on a pipeline without errors so far, and names what does not take part: layers
 * and data work that lead nowhere, a metric measuring another output, a classifier without
 * softmax. Undefined when the model reads more than one data output (nothing else is worth
 * saying then); compile stops after this pass when any error was found.
 */
export function findModel(ctx: CompileContext, { incoming, wired, order }: Wiring, { loss, split }: Stages): Model | undefined {
  const { defs, params, analysis, error, warn, name } = ctx;
  const output = incoming.get(loss)!.get('prediction')!.source;
  const modelLayers = upstream(output, wired, (id) => defs.get(id)!.category === 'layer');
  const dataInputs = new Map<string, PipelineEdge>();
  const layers = order
    .filter((id) => modelLayers.has(id))
    .map((id) => {
      const def = defs.get(id)!;
      const inputs = def.inputs.map((port) => {
        const edge = incoming.get(id)!.get(port.id)!;
        if (modelLayers.has(edge.source)) return edge.source;
        dataInputs.set(portKey(edge.source, edge.sourcePort), edge);
        return modelInputId;
      });
      return { ...specStep(ctx, id), inputs, outputShape: analysis.nodes[id].outputShapes.out, paramCount: analysis.nodes[id].paramCount ?? 0 };
    });
  if (dataInputs.size > 1) {
    for (const layer of layers.filter((l) => l.inputs.includes(modelInputId))) {
      error({
        code: 'E_MULTIPLE_MODEL_INPUTS',
        nodeId: layer.nodeId,
        message: 'The model reads from more than one data output; it can take one.',
        hint: 'Connect every layer that reads data to the same features output (the split).',
      });
    }
    return undefined;
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
  for (const id of idsOf(ctx, 'metric')) {
    if (incoming.get(id)!.get('prediction')!.source !== output) {
      error({
        code: 'E_METRIC_PREDICTION',
        nodeId: id,
        portId: 'prediction',
        message: `${name(id)} measures a different output than the one the loss trains.`,
        hint: `Connect its prediction input to ${name(output)}, like the loss.`,
      });
    }
  }
  const outputParams = params.get(output)!;
  if ('activation' in outputParams && outputParams.activation !== 'softmax') {
    warn({
      code: 'W_NO_SOFTMAX',
      nodeId: output,
      message: `The classifier's activation is "${String(outputParams.activation)}": cross-entropy expects probabilities from softmax.`,
      hint: 'Set its activation to softmax.',
      fix: { label: 'Use softmax', nodeId: output, params: { activation: 'softmax' } },
    });
  }
  return { output, layers, dataInputs };
}
