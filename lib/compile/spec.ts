import { PipelineSpec, specVersion } from '@/lib/spec/spec';
import { datasets, type DatasetId } from '@/lib/datasets/catalog';
import { idsOf, specStep, type CompileContext } from './context';
import type { Model } from './model';
import type { Shapes } from './shapes';
import type { Stages } from './stages';
import type { Wiring } from './wiring';

/**
 * Pass 6, spec: assembles what runs from a pipeline without errors, reporting nothing. Walks up
 * from the model's input to the dataset for the data chain, cut where the split sits (the steps
 * before it are fitted on all rows, those after on training rows), and adds the loss, optimizer,
 * metrics and the optimizer's training settings. The engine and the export read only this.
 */
export function buildSpec(ctx: CompileContext, { incoming }: Wiring, shapes: Shapes, { loss, optimizer, split }: Stages, model: Model): PipelineSpec {
  const { defs, params } = ctx;
  const [inputKey, inputEdge] = [...model.dataInputs][0];
  const chain: string[] = [];
  for (let id: string | undefined = inputEdge.source; id; ) {
    chain.unshift(id);
    id = incoming.get(id)?.get(defs.get(id)!.inputs.find((p) => p.type === 'tensor')?.id ?? '')?.source;
  }
  const datasetNode = chain[0];
  const splitAt = split ? chain.indexOf(split) : -1;
  const steps = chain
    .slice(1)
    .filter((id) => id !== split)
    .map((id) => specStep(ctx, id));
  const datasetParams = params.get(datasetNode)!;
  const splitParams = split ? params.get(split)! : undefined;
  return PipelineSpec.parse({
    version: specVersion,
    data: {
      dataset: datasetParams.dataset,
      maxSamples: datasetParams.maxSamples,
      classNames: datasets[datasetParams.dataset as DatasetId].classNames,
      before: splitAt < 0 ? steps : steps.slice(0, splitAt - 1),
      split: split ? { nodeId: split, validationFraction: splitParams!.validationFraction, shuffle: splitParams!.shuffle } : null,
      after: splitAt < 0 ? [] : steps.slice(splitAt - 1),
    },
    model: { inputShape: shapes.get(inputKey)!, layers: model.layers, output: model.output },
    loss: specStep(ctx, loss),
    optimizer: specStep(ctx, optimizer),
    metrics: idsOf(ctx, 'metric').map((id) => specStep(ctx, id)),
    training: defs.get(optimizer)!.training!(params.get(optimizer)!),
  });
}
