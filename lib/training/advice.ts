import { getNodeDefinition } from '@/nodes';
import { formatLoss, formatPercent } from '@/components/ui/theme';
import { nameOf, type NodeNames } from '@/lib/document/node-name';
import type { EpochReport } from '@/lib/engine/protocol';
import type { RunResults } from '@/lib/results/types';
import type { PipelineSpec, SpecLayer } from '@/lib/spec/spec';

/**
 * What to do after a run, read from its curves and results, in words for someone who is not a
 * machine-learning engineer; each piece names the node to change. A diverged run is not here: it
 * ends in an error whose message already says what to change.
 */

export type AdviceId = 'still-improving' | 'overfitting' | 'underfitting' | 'never-predicted';

export interface Advice {
  id: AdviceId;
  /** One short line: what was seen. */
  title: string;
  /** Why it matters and what to do, naming nodes and settings as the canvas does. */
  detail: string;
  /** The node to change. */
  nodeId?: string;
  /** 'train-longer': the panel can double the epochs and train again; 'select-node': show the node. */
  action?: 'train-longer' | 'select-node';
}

export interface RunToAdvise {
  spec: PipelineSpec;
  names: NodeNames;
  history: EpochReport[];
  results: RunResults | null;
  outcome: 'finished' | 'stopped';
  /** The loss of the run's first batch, measured before any update: what an untrained model scores. */
  untrainedLoss?: number;
}

export interface StillImproving {
  /** "validation loss", "validation accuracy", "loss" or "accuracy". */
  what: string;
  from: number;
  to: number;
  /** Over how many of the last epochs. */
  epochs: number;
}

/**
 * Whether a run was still getting better when it ended: over its last epochs (at least 3, or a
 * fifth of the run), the fitted trend of the validation loss still falls by more than 1%, or that
 * of the accuracy still rises by more than one point. A trend, not the last two values: validation
 * numbers on a few samples jitter from epoch to epoch. A 2-epoch run has only its two values, so a
 * clear drop between them counts (a short first run is where training longer helps most).
 */
export function stillImproving(history: EpochReport[]): StillImproving | null {
  const n = history.length;
  if (n < 2) return null;
  const window = Math.min(n, Math.max(3, Math.ceil(n / 5)));
  const last = history.slice(-window);
  const series = (pick: (r: EpochReport) => number | undefined) => {
    const values = last.map(pick);
    return values.every((v): v is number => v !== undefined && Number.isFinite(v)) ? values : null;
  };
  const validation = history.some((r) => r.valLoss !== undefined);
  const loss = series((r) => (validation ? r.valLoss : r.loss));
  const accuracy = series((r) => (validation ? r.valAccuracy : r.accuracy));
  const prefix = validation ? 'validation ' : '';
  if (loss) {
    const mean = loss.reduce((a, b) => a + b, 0) / loss.length;
    if (-trend(loss) > 0.01 * Math.abs(mean)) return { what: `${prefix}loss`, from: loss[0], to: loss[loss.length - 1], epochs: window };
  }
  if (accuracy && trend(accuracy) > 0.01) {
    return { what: `${prefix}accuracy`, from: accuracy[0], to: accuracy[accuracy.length - 1], epochs: window };
  }
  return null;
}

/** The least-squares line's change from the first value to the last. */
function trend(values: number[]): number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return (num / den) * (n - 1);
}

/**
 * The epochs "train longer" sets: twice the run's, where the optimizer accepts that many (epochs
 * have an upper limit); else null.
 */
export function longerEpochs(spec: PipelineSpec): number | null {
  const longer = spec.training.epochs * 2;
  const def = getNodeDefinition(spec.optimizer.kind);
  return def?.params.safeParse({ ...spec.optimizer.params, epochs: longer }).success ? longer : null;
}

export interface Overfitting {
  /** The epoch (1-based) with the lowest validation loss. */
  best: number;
  bestLoss: number;
  lastLoss: number;
  /** The training loss at the best epoch and at the last one. */
  trainFrom: number;
  trainTo: number;
}

/**
 * Overfitting: the validation loss bottomed out at least two epochs before the end and has risen
 * since (by more than 2% of its best, more than epoch-to-epoch jitter), while the training loss
 * kept falling: the model learns its training rows by heart instead of what generalises.
 */
export function overfitting(history: EpochReport[]): Overfitting | null {
  const n = history.length;
  if (n < 4 || history.some((r) => r.valLoss === undefined || !Number.isFinite(r.valLoss) || !Number.isFinite(r.loss))) return null;
  const val = history.map((r) => r.valLoss!);
  const bestIndex = val.indexOf(Math.min(...val));
  if (n - 1 - bestIndex < 2) return null;
  const since = val.slice(bestIndex);
  const lastLoss = val[n - 1];
  const rose = lastLoss - val[bestIndex] > 0.02 * Math.abs(val[bestIndex]) && trend(since) > 0;
  const trainFrom = history[bestIndex].loss;
  const trainTo = history[n - 1].loss;
  if (!rose || trainTo >= trainFrom * 0.99) return null;
  return { best: bestIndex + 1, bestLoss: val[bestIndex], lastLoss, trainFrom, trainTo };
}

export interface Underfitting {
  /** The training loss at the end, and what an untrained model scores (when known). */
  loss: number;
  untrained?: number;
  /** The training accuracy at the end, and what guessing scores (when the model classifies). */
  accuracy?: number;
  chance?: number;
}

/**
 * Underfitting: at the end, the model does barely better than untrained on its own training rows:
 * its loss is still above 85% of an untrained model's, or its training accuracy is not yet
 * halfway from guessing (one class in K) to every row right.
 */
export function underfitting(history: EpochReport[], spec: PipelineSpec, untrainedLoss?: number): Underfitting | null {
  const last = history[history.length - 1];
  if (!last || !Number.isFinite(last.loss)) return null;
  const untrained = untrainedLoss ?? chanceLoss(spec);
  const info = spec.data.target.info;
  const chance = info.kind === 'classes' ? 1 / info.classNames.length : undefined;
  const barelyLearnt = untrained !== undefined && untrained > 0 && last.loss > 0.85 * untrained;
  const lowAccuracy = chance !== undefined && last.accuracy !== undefined && last.accuracy < chance + (1 - chance) / 2;
  if (!barelyLearnt && !lowAccuracy) return null;
  return { loss: last.loss, untrained, accuracy: last.accuracy, chance };
}

/** The cross-entropy of a model that spreads its probability evenly over the classes: ln K. */
function chanceLoss(spec: PipelineSpec): number | undefined {
  const info = spec.data.target.info;
  if (info.kind !== 'classes') return undefined;
  if (spec.loss.kind === 'loss.binaryCrossentropy') return Math.log(2);
  if (spec.loss.kind === 'loss.categoricalCrossentropy' || spec.loss.kind === 'loss.sparseCategoricalCrossentropy') return Math.log(info.classNames.length);
  return undefined;
}

/** Layer kinds whose size is one setting: where "more units" or "fewer units" applies. */
const sizeSetting: Record<string, string> = {
  'layer.dense': 'units',
  'layer.conv1d': 'filters',
  'layer.conv2d': 'filters',
  'layer.separableConv2d': 'filters',
  'layer.lstm': 'units',
  'layer.gru': 'units',
  'layer.simpleRnn': 'units',
};

/** The last layer before the output with a size to change: where capacity is added or taken away. */
function lastHidden(spec: PipelineSpec): SpecLayer | undefined {
  return spec.model.layers.filter((l) => l.nodeId !== spec.model.output && sizeSetting[l.kind] !== undefined).at(-1);
}

/** The data node kind each source comes from. */
export const sourceKinds = { builtin: 'data.dataset', csv: 'data.csv', images: 'data.images' } as const;

const list = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`);
const quoted = (names: string[]) => list(names.map((n) => `“${n}”`));

/** Every piece of advice for a run that ended, most useful first; empty when there is nothing to say. */
export function adviseRun(run: RunToAdvise): Advice[] {
  const { spec, names, history, results, outcome } = run;
  const name = (nodeId: string, kind: string) => nameOf(names, nodeId, kind);
  const optimizerName = name(spec.optimizer.nodeId, spec.optimizer.kind);
  const hidden = lastHidden(spec);
  const hiddenName = hidden && name(hidden.nodeId, hidden.kind);
  const hiddenSize = hidden && `${hidden.params[sizeSetting[hidden.kind]]} ${sizeSetting[hidden.kind]}`;
  const advice: Advice[] = [];

  const over = overfitting(history);
  if (over) {
    const dropout = spec.model.layers.some((l) => l.kind === 'layer.dropout');
    const remedies = [
      hidden && (dropout ? `raise the Dropout rate, or give ${hiddenName} fewer ${sizeSetting[hidden.kind]} (now ${hiddenSize})` : `add a Dropout layer after ${hiddenName}, or give it fewer ${sizeSetting[hidden.kind]} (now ${hiddenSize})`),
      spec.training.earlyStopping ? null : `turn on early stopping in ${optimizerName} to keep the best epoch's weights`,
    ].filter((r): r is string => Boolean(r));
    advice.push({
      id: 'overfitting',
      title: `Overfitting since epoch ${over.best}: validation loss ${formatLoss(over.bestLoss)} → ${formatLoss(over.lastLoss)}`,
      detail:
        `The validation loss has risen since epoch ${over.best} while the training loss kept falling (${formatLoss(over.trainFrom)} → ${formatLoss(over.trainTo)}): ` +
        `the model is memorising its training rows rather than learning what holds for new ones. ` +
        (remedies.length > 0 ? `To fix it, ${list(remedies)}.` : 'More training rows would help most.'),
      nodeId: hidden?.nodeId ?? spec.optimizer.nodeId,
      action: 'select-node',
    });
  }

  // Training longer is the first thing to try for a finished run still getting better, before
  // any talk of a bigger model; overfitting says the opposite, so it wins.
  const improving = outcome === 'finished' && !over ? stillImproving(history) : null;
  if (improving) {
    const format = improving.what.endsWith('accuracy') ? formatPercent : formatLoss;
    const longer = longerEpochs(spec);
    advice.push({
      id: 'still-improving',
      title: `Still improving: ${improving.what} ${format(improving.from)} → ${format(improving.to)}`,
      detail:
        `The ${improving.what} was still improving at the last epoch (${format(improving.from)} → ${format(improving.to)} over the last ${improving.epochs}): ` +
        (longer ? `more epochs would likely help. Train longer sets ${optimizerName}'s epochs to ${longer} and trains again from the start.` : `more epochs would likely help: raise the epochs in ${optimizerName}.`),
      nodeId: spec.optimizer.nodeId,
      action: longer ? 'train-longer' : 'select-node',
    });
  }

  const under = outcome === 'finished' && !improving && !over ? underfitting(history, spec, run.untrainedLoss) : null;
  if (under) {
    const seen =
      under.accuracy !== undefined && under.chance !== undefined && under.accuracy < under.chance + (1 - under.chance) / 2
        ? `it gets only ${formatPercent(under.accuracy)} of its own training rows right (guessing gets ${formatPercent(under.chance)})`
        : `its training loss ended at ${formatLoss(under.loss)}, barely below an untrained model's ${formatLoss(under.untrained!)}`;
    const remedies = [
      hidden ? `give ${hiddenName} more ${sizeSetting[hidden.kind]} (now ${hiddenSize}) or add a layer after it` : 'add a hidden layer before the output',
      `train for more epochs or with a higher learning rate in ${optimizerName} (now ${spec.training.learningRate})`,
    ];
    advice.push({
      id: 'underfitting',
      title: 'Underfitting: the model has not learnt its training rows',
      detail: `The model is too small or trained too little for this data: ${seen}. To fix it, ${list(remedies)}.`,
      nodeId: hidden?.nodeId ?? spec.optimizer.nodeId,
      action: 'select-node',
    });
  }

  if (results?.detail.kind === 'classification' && results.detail.neverPredicted.length > 0) {
    const missing = results.detail.neverPredicted;
    const { dataset } = spec.data;
    const dataName = name(dataset.nodeId, sourceKinds[dataset.source]);
    const more = dataset.maxSamples
      ? `raise ${dataName}'s sample limit (now ${dataset.maxSamples.toLocaleString('en-US')}) so more rows of ${missing.length === 1 ? 'it' : 'them'} come in`
      : `add rows of ${missing.length === 1 ? 'that class' : 'those classes'} to the data in ${dataName}`;
    advice.push({
      id: 'never-predicted',
      title: `Never predicted: ${list(missing)}`,
      detail:
        `On the ${results.rows.toLocaleString('en-US')} ${results.part} rows, the model never answered ${quoted(missing)}, so every row of ${missing.length === 1 ? 'that class' : 'those classes'} is wrong. ` +
        `The class is usually rare in the training rows or hard to tell from another: ${more}, or balance the classes so each has a similar share.`,
      nodeId: dataset.nodeId,
      action: 'select-node',
    });
  }
  return advice;
}
