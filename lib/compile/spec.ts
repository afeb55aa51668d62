import { portKey } from '@/lib/document/document';
import { PipelineSpec, specVersion, type SpecDataStep } from '@/lib/spec/spec';
import { dataStage, idsOf, specStep, type CompileContext } from './context';
import { upstream } from './graph';
import type { Model } from './model';
import type { Shapes } from './shapes';
import type { Stages } from './stages';
import type { Wiring } from './wiring';

/**
 * Pass 6, spec: assembles what runs from a pipeline without errors, reporting nothing. The data
 * stage is every data node the model's inputs and the loss's labels come from, in flow order (the
 * engine learns each step's statistics from all rows before the split and from the training rows
 * after it); then the model, the loss, optimizer, metrics and the optimizer's training settings.
 * The engine and the export read only this.
 */
export function buildSpec(ctx: CompileContext, { incoming, wired, order }: Wiring, { shapes, info }: Shapes, { loss, optimizer, split }: Stages, model: Model): PipelineSpec {
  const { defs, params } = ctx;
  const labels = incoming.get(loss)!.get('labels')!;
  const isData = (id: string) => dataStage.has(defs.get(id)!.category);
  const needed = new Set<string>();
  for (const edge of [...model.dataInputs.values(), labels]) {
    for (const id of upstream(edge.source, wired, isData)) needed.add(id);
  }
  const datasetNode = [...needed].find((id) => defs.get(id)!.category === 'data')!;
  const steps: SpecDataStep[] = order
    .filter((id) => needed.has(id) && id !== datasetNode)
    .map((id) => {
      const def = defs.get(id)!;
      return {
        ...specStep(ctx, id),
        inputs: def.inputs.map((port) => {
          const edge = incoming.get(id)!.get(port.id)!;
          return portKey(edge.source, edge.sourcePort);
        }),
        outputs: def.outputs.map((port) => portKey(id, port.id)),
      };
    });
  const datasetParams = params.get(datasetNode)!;
  const targetPort = portKey(labels.source, labels.sourcePort);
  return PipelineSpec.parse({
    version: specVersion,
    data: {
      dataset: {
        ...defs.get(datasetNode)!.source!.spec(datasetParams),
        nodeId: datasetNode,
        output: portKey(datasetNode, defs.get(datasetNode)!.outputs[0].id),
      },
      steps,
      split: split ?? null,
      inputs: [...model.dataInputs.keys()].map((key) => ({ id: key, shape: shapes.get(key)!, dtype: info.get(key)?.ids ? 'int32' : 'float32' })),
      target: { port: targetPort, info: info.get(targetPort)!.target },
    },
    model: { layers: model.layers, output: model.output },
    loss: specStep(ctx, loss),
    optimizer: specStep(ctx, optimizer),
    metrics: idsOf(ctx, 'metric').map((id) => specStep(ctx, id)),
    training: defs.get(optimizer)!.training!(params.get(optimizer)!),
  });
}
