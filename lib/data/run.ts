import { rowCount, takeRows, type DataContext, type DataTensor, type DataValue, type PartitionName, type StepFunctions, type Table, type Target } from './table';

/**
 * Runs the data stage: every preprocessing step between the dataset and the model, in flow order.
 * Pure and without tfjs, so the engine (browser and Node) and the exported project run this same
 * file. Before the split a step learns from every row; after it, from the training rows only, and
 * it is then applied to each part (train, validation, test) on its own, so held-out rows never
 * shape what a step learns and rows stay aligned in every branch.
 */

export interface DataStepRun {
  /** The node's id, for messages. */
  id: string;
  step: StepFunctions<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  params: Record<string, unknown>;
  /** The ports it reads, as `node.port` keys, in the node's input order. */
  inputs: string[];
  /** The ports it writes, in the node's output order. */
  outputs: string[];
  /** The step's own seed (the engine derives it from the run seed). */
  seed: number;
}

export interface DataPlan {
  /** The dataset's table output. */
  source: string;
  steps: DataStepRun[];
  /** The tensors the model reads, in the order of the model's inputs. */
  inputs: string[];
  /** The labels the loss reads. */
  target: string;
}

export interface PartData {
  inputs: DataTensor[];
  target: Target;
  rows: number;
}

export interface PreparedData {
  train: PartData;
  /** Absent without a split (the model is then measured on its training rows). */
  validation?: PartData;
  test?: PartData;
  /** What each step learnt (its `fit` result), by node id: plain JSON, kept with the run. */
  states: Record<string, unknown>;
  /**
   * Each part's rows as the split gave them (without a split, the dataset's table), before the
   * steps after it: how a row reads to a person, for the results panel's examples. A step after
   * the split may change the rows (time windows): compare row counts before lining them up.
   */
  tables: Partial<Record<PartitionName, Table>>;
  /**
   * The training inputs for one epoch (0-based), when a step is re-applied every epoch
   * (augmentation); undefined when none is, and the training inputs never change.
   */
  trainingInputs?: (epoch: number) => DataTensor[];
}

/** Each port's value, by `node.port` key. */
export type DataValues = Map<string, DataValue>;
type Values = DataValues;
const parts: PartitionName[] = ['train', 'validation', 'test'];

/** Every port's value after some steps: what the stage computed, before it is read as a model's inputs. */
export interface StageValues {
  /** Values of the steps before the split (every row). */
  all: DataValues;
  /** After a split: each part's values; absent when no split ran. */
  split?: Record<PartitionName, DataValues>;
  /** What each step learnt (its `fit` result), by node id. */
  states: Record<string, unknown>;
  /** Ports whose training values change every epoch. */
  everyEpoch: Set<string>;
  /** The steps after the split, in flow order. */
  afterSplit: DataStepRun[];
}

/**
 * Runs `steps` in flow order on the table at port `source`: the loop of prepareData, which a
 * preview also runs, stopping at the node it shows.
 */
export function runDataSteps(source: string, steps: DataStepRun[], table: Table): StageValues {
  const all: Values = new Map([[source, table]]);
  let split: Record<PartitionName, Values> | undefined;
  const states: Record<string, unknown> = {};
  const everyEpoch = new Set<string>();
  const afterSplit: DataStepRun[] = [];

  for (const run of steps) {
    const ctx = (partition: DataContext['partition']): DataContext => ({ seed: run.seed, partition, epoch: 0 });
    if (run.step.partition) {
      const input = read(all, run.inputs[0], run) as Table;
      const rows = run.step.partition(run.params, input, ctx('all'));
      split = { train: new Map(), validation: new Map(), test: new Map() };
      for (const part of parts) split[part].set(run.outputs[0], takeRows(input, rows[part]));
      continue;
    }
    const isAfter = split !== undefined && run.inputs.every((key) => split!.train.has(key));
    if (!isAfter || !split) {
      const inputs = run.inputs.map((key) => read(all, key, run));
      const state = run.step.fit?.(run.params, inputs, ctx('all'));
      if (state !== undefined) states[run.id] = state;
      write(all, run, run.step.apply(run.params, inputs, state, ctx('all')));
      continue;
    }
    afterSplit.push(run);
    const partValues = split;
    const trainInputs = run.inputs.map((key) => read(partValues.train, key, run));
    // A step re-applied every epoch learns nothing and is left out of what later steps learn
    // from: their statistics come from the data as it is, not from one epoch's random variation.
    const state = run.step.perEpoch ? undefined : run.step.fit?.(run.params, trainInputs, ctx('train'));
    if (state !== undefined) states[run.id] = state;
    if (run.step.perEpoch || run.inputs.some((key) => everyEpoch.has(key))) run.outputs.forEach((key) => everyEpoch.add(key));
    write(partValues.train, run, run.step.perEpoch ? trainInputs : run.step.apply(run.params, trainInputs, state, ctx('train')));
    for (const part of ['validation', 'test'] as const) {
      write(partValues[part], run, run.step.apply(run.params, run.inputs.map((key) => read(partValues[part], key, run)), state, ctx(part)));
    }
  }
  return { all, split, states, everyEpoch, afterSplit };
}

/** The training rows' values as the model sees them in `epoch` (0-based): the per-epoch steps re-applied. */
export function epochValues(stage: StageValues, epoch: number): DataValues {
  const values: Values = new Map(stage.split?.train ?? stage.all);
  for (const run of stage.afterSplit) {
    if (!run.outputs.some((key) => stage.everyEpoch.has(key))) continue;
    const inputs = run.inputs.map((key) => read(values, key, run));
    write(values, run, run.step.apply(run.params, inputs, stage.states[run.id], { seed: run.seed, partition: 'train', epoch }));
  }
  return values;
}

/**
 * The data stage on rows, with what a run learnt: every step applied with its fitted state
 * (`states`, by node id), as the run applied it to its held-out rows, and nothing learnt again.
 * Without `part` the split passes its table through (new rows are all there is to predict). With
 * `part`, the split keeps that part's rows, as the run's seeded split chose them from the same
 * table: a saved model is then scored on the very rows the run held out (the exported project's
 * predict.ts).
 */
export function applyFitted(plan: DataPlan, states: Record<string, unknown>, table: Table, part?: 'validation' | 'test'): DataValues {
  const values: Values = new Map([[plan.source, table]]);
  // With a part: the ports that hold its rows (the split's output and what follows from it). A step
  // before the split ran on every row ('all'), and one that drops rows there (outliers) must again.
  const held = new Set<string>();
  for (const run of plan.steps) {
    const inputs = run.inputs.map((key) => read(values, key, run));
    if (run.step.partition) {
      const input = inputs[0] as Table;
      write(values, run, [part ? takeRows(input, run.step.partition(run.params, input, { seed: run.seed, partition: 'all', epoch: 0 })[part]) : input]);
      if (part) run.outputs.forEach((key) => held.add(key));
      continue;
    }
    const after = held.size > 0 && run.inputs.every((key) => held.has(key));
    if (after) run.outputs.forEach((key) => held.add(key));
    const partition = part ? (after ? part : 'all') : 'test';
    write(values, run, run.step.apply(run.params, inputs, states[run.id], { seed: run.seed, partition, epoch: 0 }));
  }
  return values;
}

export function prepareData(plan: DataPlan, table: Table): PreparedData {
  const stage = runDataSteps(plan.source, plan.steps, table);
  const { all, split, states, everyEpoch } = stage;

  const partData = (values: Values): PartData => {
    const inputs = plan.inputs.map((key) => read(values, key) as DataTensor);
    const target = read(values, plan.target) as Target;
    const rows = rowCount(target);
    for (const [i, input] of inputs.entries()) {
      if (input.shape[0] !== rows) {
        throw new Error(`The model's input ${plan.inputs[i]} has ${input.shape[0]} rows but the target has ${rows}: rows must stay aligned.`);
      }
    }
    return { inputs, target, rows };
  };
  if (!split) return { train: partData(all), states, tables: { train: read(all, plan.source) as Table } };
  const splitOutput = plan.steps.find((run) => run.step.partition)?.outputs[0];
  const tables: PreparedData['tables'] = {};
  if (splitOutput) for (const part of parts) tables[part] = read(split[part], splitOutput) as Table;
  const result: PreparedData = { train: partData(split.train), states, tables };
  const held = (part: 'validation' | 'test') => (rowCount(read(split[part], plan.target)) > 0 ? partData(split[part]) : undefined);
  result.validation = held('validation');
  result.test = held('test');
  if (everyEpoch.size > 0) {
    result.trainingInputs = (epoch) => {
      const values = epochValues(stage, epoch);
      return plan.inputs.map((key) => read(values, key) as DataTensor);
    };
  }
  return result;
}

function read(values: Values, key: string, run?: DataStepRun): DataValue {
  const value = values.get(key);
  if (!value) throw new Error(`The data stage has no value for ${key}${run ? `, which node ${run.id} reads` : ''}: the plan is out of order.`);
  return value;
}

function write(values: Values, run: DataStepRun, outputs: DataValue[]) {
  if (outputs.length !== run.outputs.length) throw new Error(`Node ${run.id} gave ${outputs.length} outputs for ${run.outputs.length} ports.`);
  run.outputs.forEach((key, i) => values.set(key, outputs[i]));
}
