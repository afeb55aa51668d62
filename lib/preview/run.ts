import { getNodeDefinition } from '@/nodes';
import { epochValues, runDataSteps, type DataStepRun } from '@/lib/data/run';
import { describeTable, describeTarget, describeTensor } from '@/lib/data/stats';
import { rowCount, type DataValue, type Table } from '@/lib/data/table';
import type { OutputPreview, PreviewPlan, PreviewResult } from './protocol';

/**
 * Runs a preview plan on the data node's table with the data stage's own runner, and describes the
 * node's outputs: the first rows and the statistics, never the whole data. After the split that is
 * the training rows, with every step fitted on them as in a run; a step re-applied every epoch
 * (augmentation) shows its first epoch, so a person sees what it does.
 */
export function runPreview(plan: PreviewPlan, table: Table): PreviewResult {
  const steps: DataStepRun[] = plan.steps.map((s) => {
    const def = getNodeDefinition(s.kind);
    if (!def?.data) throw new Error(`Node "${s.id}" (${s.kind}) is not a data step.`);
    return { id: s.id, step: def.data.step, params: s.params, inputs: s.inputs, outputs: s.outputs, seed: s.seed };
  });
  const stage = runDataSteps(plan.sourceKey, steps, table);
  const values = stage.split ? epochValues(stage, 0) : stage.all;
  const outputs = plan.outputs.map((output): OutputPreview => {
    // A branch that goes around the split computes with every row: its values are in `all`.
    const value: DataValue | undefined = values.get(output.key) ?? stage.all.get(output.key);
    if (!value) throw new Error(`The preview computed no value for ${output.key}.`);
    const { key, label } = output;
    if (value.kind === 'table') return { key, label, kind: 'table', preview: describeTable(value, { target: output.target }) };
    if (value.kind === 'tensor') return { key, label, kind: 'tensor', preview: describeTensor(value) };
    return { key, label, kind: 'target', preview: describeTarget(value) };
  });
  if (!stage.split) return { outputs };
  // Each part's first value is the split's own output: the part's rows as it cut them.
  const rows = (part: 'train' | 'validation' | 'test') => rowCount(stage.split![part].values().next().value!);
  return { outputs, split: { train: rows('train'), validation: rows('validation'), test: rows('test') } };
}
