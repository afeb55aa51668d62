import { checkEarlyStopping } from '@/nodes/shared';
import { dataStage, idsOf, splitIds, theSplit, type CompileContext } from './context';
import { downstream, upstream } from './graph';
import type { Wiring } from './wiring';

/** The nodes that stand for a stage of their own. Read only when the pipeline has no error. */
export interface Stages {
  loss: string;
  optimizer: string;
  /** The train/validation split, when there is one. */
  split: string | undefined;
}

/**
 * Pass 4, stages: the pipeline as a whole. One dataset, one loss, one optimizer, at most one split,
 * and data work before the model, behind the split. These are about the pipeline rather than one
 * node's inputs, so they come after the per-node passes; compile stops after this pass when any
 * error was found, and the model and the spec are built from the nodes named here.
 */
export function checkStages(ctx: CompileContext, { wired }: Wiring): Stages {
  const { defs, error, warn, name } = ctx;
  const datasetIds = idsOf(ctx, 'data');
  const lossIds = idsOf(ctx, 'loss');
  const optimizerIds = idsOf(ctx, 'optimizer');
  const splits = splitIds(ctx);
  exactlyOne(ctx, datasetIds, 'E_NO_DATASET', 'E_MULTIPLE_DATASETS', 'dataset', 'Add a Dataset node from the Data section of the palette.');
  exactlyOne(ctx, lossIds, 'E_NO_LOSS', 'E_MULTIPLE_LOSSES', 'loss', 'Add a loss from the palette and connect the prediction and the labels to it.');
  exactlyOne(ctx, optimizerIds, 'E_NO_OPTIMIZER', 'E_MULTIPLE_OPTIMIZERS', 'optimizer', 'Add an optimizer (Adam is a good default) and connect the loss to it.');
  if (splits.length > 1) {
    for (const id of splits) {
      error({
        code: 'E_MULTIPLE_SPLITS',
        nodeId: id,
        message: `The pipeline has ${splits.length} train/validation splits; it can use one.`,
        hint: 'Delete all but one split.',
      });
    }
  }
  if (idsOf(ctx, 'metric').length === 0) {
    warn({
      code: 'W_NO_METRIC',
      message: 'No metric: training shows the loss only.',
      hint: 'Add a metric: Accuracy shows how often a classifier is right, MAE how far a regression is off.',
    });
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
  const split = theSplit(ctx);
  if (split) {
    // Rows reach the model through the split (afterSplit) or through what feeds the split (beforeSplit).
    const afterSplit = downstream(split, wired, (id) => dataStage.has(defs.get(id)!.category));
    const beforeSplit = upstream(split, wired, () => true);
    const leadsToTraining = (id: string) => [...downstream(id, wired, () => true)].some((r) => !dataStage.has(defs.get(r)!.category));
    // A node that reads the rows before they are split sees validation rows too: the first one on
    // such a branch is the node to rewire (usually Select columns or Target column reading the dataset).
    for (const edge of wired) {
      if (!beforeSplit.has(edge.source) || edge.source === split || beforeSplit.has(edge.target) || afterSplit.has(edge.target)) continue;
      if (!leadsToTraining(edge.target)) continue;
      const port = defs.get(edge.target)!.inputs.find((p) => p.id === edge.targetPort);
      error({
        code: 'E_BYPASSES_SPLIT',
        nodeId: edge.target,
        portId: edge.targetPort,
        message: `${name(edge.target)} reads ${name(edge.source)} before the train/validation split, so validation rows would leak into training.`,
        hint: `Connect its "${port?.label ?? edge.targetPort}" input to the table output of ${name(split)} instead: Dataset → ${name(split)} → Select columns (features) or Target column (labels).`,
      });
    }
    // Steps meant for training rows only (augmentation, outlier removal) would also change
    // validation rows anywhere but after the split: before it, or on a branch that goes around it.
    for (const [id, def] of defs) {
      const rule = def.trainingOnly;
      if (!rule || afterSplit.has(id)) continue;
      if (beforeSplit.has(id) || leadsToTraining(id)) (rule.severity === 'error' ? error : warn)({ code: rule.code, nodeId: id, message: rule.message, hint: rule.hint });
    }
  } else if (datasetIds.length === 1) {
    warn({
      code: 'W_NO_VALIDATION',
      nodeId: datasetIds[0],
      message: 'There is no train/validation split, so accuracy is measured on the very samples the model learns from.',
      hint: 'Add a Train/validation split between the data and the first layer.',
    });
  }
  const optimizer = optimizerIds.length === 1 ? optimizerIds[0] : undefined;
  const optimizerParams = optimizer ? ctx.params.get(optimizer) : undefined;
  if (optimizer && optimizerParams?.earlyStopping) {
    const measured = idsOf(ctx, 'metric').flatMap((id) => {
      const p = ctx.params.get(id);
      const metricName = defs.get(id)!.metricName;
      return p && metricName ? [metricName(p)] : [];
    });
    const problem = checkEarlyStopping(optimizerParams as Parameters<typeof checkEarlyStopping>[0], { validates: split !== undefined, measured });
    if (problem) {
      error({
        code: problem.code,
        nodeId: optimizer,
        message: problem.message,
        hint: problem.hint,
        ...(problem.fix ? { fix: { label: problem.fix.label, nodeId: optimizer, params: problem.fix.params } } : {}),
      });
    }
  }
  return { loss: lossIds[0], optimizer: optimizerIds[0], split };
}

function exactlyOne(ctx: CompileContext, ids: string[], noneCode: string, manyCode: string, what: string, hint: string) {
  if (ids.length === 0) ctx.error({ code: noneCode, message: `The pipeline has no ${what}.`, hint });
  if (ids.length > 1) {
    for (const id of ids) {
      ctx.error({
        code: manyCode,
        nodeId: id,
        message: `The pipeline has ${ids.length} ${what}s; it can use only one.`,
        hint: `Delete all but one ${what}.`,
      });
    }
  }
}
