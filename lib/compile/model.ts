import type { z } from 'zod';
import type { AnyNodeDefinition } from '@/nodes/define-node';
import { portKey, type PipelineEdge } from '@/lib/document/document';
import type { SpecLayer } from '@/lib/spec/spec';
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
  /** The data outputs the model reads (their port keys, in the order layers first read them) -> a wire from each. */
  dataInputs: Map<string, PipelineEdge>;
}

/**
 * Pass 5, model: the layers that feed the loss's prediction are the model; each data output they
 * read is one of its inputs (a recommender reads a user id and an item id). Runs on a pipeline
 * without errors so far, and names what does not take part: layers and data work that lead
 * nowhere, a metric measuring another output, an output layer whose activation does not suit
 * the loss. Compile stops after this pass when any error was found.
 */
export function findModel(ctx: CompileContext, { incoming, wired, order }: Wiring, { loss, split }: Stages): Model {
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
        const key = portKey(edge.source, edge.sourcePort);
        dataInputs.set(key, edge);
        return key;
      });
      return { ...specStep(ctx, id), inputs, outputShape: analysis.nodes[id].outputShapes.out, paramCount: analysis.nodes[id].paramCount ?? 0 };
    });
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
      // The target reaches the loss and metrics without passing through a layer.
      const reaches = downstream(id, wired, () => true);
      const used = (r: string) => r === split || modelLayers.has(r) || r === loss || defs.get(r)!.category === 'metric';
      if (![...reaches].some(used)) {
        warn({
          code: 'W_UNUSED_NODE',
          nodeId: id,
          message: `${name(id)} is not connected to what trains, so ${def.ui.whenUnused ?? 'it has no effect'}.`,
          hint: unusedDataHint(def, split ? name(split) : undefined),
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
  const expected = defs.get(loss)!.outputActivation;
  // Only where the output layer can take the expected activation: a Transformer encoder's
  // activation (relu or gelu) cannot be softmax, and a fix to it would be refused.
  if (expected && 'activation' in outputParams && outputParams.activation !== expected && accepts(defs.get(output)!, 'activation', expected)) {
    const activation = String(outputParams.activation);
    warn(
      expected === 'softmax'
        ? {
            code: 'W_NO_SOFTMAX',
            nodeId: output,
            message: `The classifier's activation is "${activation}": cross-entropy expects probabilities from softmax.`,
            hint: 'Set its activation to softmax.',
            fix: { label: 'Use softmax', nodeId: output, params: { activation: 'softmax' } },
          }
        : {
            code: 'W_OUTPUT_ACTIVATION',
            nodeId: output,
            message: `The output's activation is "${activation}", but ${name(loss)} expects ${expected === 'sigmoid' ? 'a probability from sigmoid' : 'plain numbers (linear)'}.`,
            hint: `Set its activation to ${expected}.`,
            fix: { label: `Use ${expected}`, nodeId: output, params: { activation: expected } },
          },
    );
  }
  return { output, layers, dataInputs };
}

/** Whether `def`'s field `field` accepts `value`, by its param schema. */
function accepts(def: AnyNodeDefinition, field: string, value: unknown): boolean {
  const schema = (def.params.shape as Record<string, z.ZodType | undefined>)[field];
  return schema !== undefined && schema.safeParse(value).success;
}

/** Where a left-over data node belongs, by what it gives: tables go before Select columns, tensors after it. */
function unusedDataHint(def: AnyNodeDefinition, split: string | undefined): string {
  if (def.outputs.some((p) => p.type === 'table')) {
    return `Wire it between ${split ?? 'the dataset'} and Select columns (the wire there now is replaced), or delete it.`;
  }
  if (def.outputs.some((p) => p.type === 'labels')) return 'Wire its output into the loss and the metrics, or delete it.';
  return 'Wire it between Select columns and the first layer (the wire there now is replaced), or delete it.';
}
