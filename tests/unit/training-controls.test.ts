import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  clipGradients,
  earlyStoppingSummary,
  EarlyStoppingTracker,
  learningRateAt,
  lowerIsBetter,
  setLearningRate,
  trainingControls,
  type ControlSettings,
  type EarlyStoppingReport,
} from '@/lib/engine/training-controls';
import type { AnyNodeDefinition } from '@/nodes/define-node';
import { adagrad } from '@/nodes/optimizer/adagrad';
import { adam } from '@/nodes/optimizer/adam';
import { rmsprop } from '@/nodes/optimizer/rmsprop';
import { sgd } from '@/nodes/optimizer/sgd';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const disposeAfter: { dispose(): void }[] = [];
afterEach(() => {
  for (const d of disposeAfter.splice(0)) d.dispose();
});

describe('learningRateAt', () => {
  const base = { learningRate: 0.1, epochs: 4 };
  const rates = (settings: Pick<ControlSettings, 'learningRate' | 'epochs' | 'schedule'>, epochs: number) =>
    Array.from({ length: epochs }, (_, epoch) => learningRateAt(settings, epoch));

  it('keeps the rate without a schedule, and with a constant one', () => {
    expect(rates(base, 5)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(rates({ ...base, schedule: { kind: 'constant' } }, 3)).toEqual([0.1, 0.1, 0.1]);
  });

  it('step: multiplies by the factor at the end of every period', () => {
    const got = rates({ ...base, schedule: { kind: 'step', every: 3, factor: 0.5 } }, 7);
    [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025].forEach((rate, i) => expect(got[i]).toBeCloseTo(rate, 12));
  });

  it('exponential: multiplies by the factor every epoch', () => {
    const got = rates({ ...base, schedule: { kind: 'exponential', factor: 0.9 } }, 4);
    [0.1, 0.09, 0.081, 0.0729].forEach((rate, i) => expect(got[i]).toBeCloseTo(rate, 12));
  });

  it('cosine: from the rate down along half a cosine, never below the floor', () => {
    const got = rates({ ...base, schedule: { kind: 'cosine', minRate: 0 } }, 4);
    // 0.05 * (1 + cos(pi * epoch / 4))
    [0.1, 0.05 * (1 + Math.SQRT1_2), 0.05, 0.05 * (1 - Math.SQRT1_2)].forEach((rate, i) => expect(got[i]).toBeCloseTo(rate, 12));
    const floored = { ...base, schedule: { kind: 'cosine', minRate: 0.01 } } as const;
    expect(learningRateAt(floored, 2)).toBeCloseTo(0.055, 12);
    expect(learningRateAt(floored, 4)).toBeCloseTo(0.01, 12);
    expect(learningRateAt(floored, 9)).toBeCloseTo(0.01, 12);
  });
});

/** Each optimizer kind as its node builds it, at learning rate `rate`. */
const kinds: [string, AnyNodeDefinition, Record<string, unknown>][] = [
  ['SGD', sgd, {}],
  ['SGD with Nesterov momentum', sgd, { momentum: 0.9, nesterov: true }],
  ['RMSprop', rmsprop, {}],
  ['Adagrad', adagrad, {}],
  ['Adam', adam, {}],
];
function build(def: AnyNodeDefinition, params: Record<string, unknown>, rate: number): tf.Optimizer {
  const p = def.params.parse({ ...params, learningRate: rate, epochs: 1 });
  const optimizer = def.build!(p, { tf, seed: 1 }) as tf.Optimizer;
  disposeAfter.push(optimizer);
  return optimizer;
}

/** A weight vector and the same gradient every step, so the optimizer's state never depends on its rate. */
function stepper(optimizer: tf.Optimizer) {
  const weights = tf.variable(tf.tensor1d([1, -2, 3]));
  const gradient = tf.tensor1d([0.5, -1, 2]);
  disposeAfter.push(weights, gradient);
  return () => {
    const before = weights.dataSync().slice();
    optimizer.applyGradients({ [weights.name]: gradient });
    const after = weights.dataSync();
    return Array.from(after, (v, i) => v - before[i]);
  };
}

describe('setLearningRate', () => {
  it.each(kinds)('%s: a changed rate scales the very next step', (_name, def, params) => {
    const changed = build(def, params, 0.1);
    const kept = build(def, params, 0.1);
    const stepChanged = stepper(changed);
    const stepKept = stepper(kept);
    expect(stepChanged()).toEqual(stepKept());
    setLearningRate(changed, 0.025);
    const [slower, usual] = [stepChanged(), stepKept()];
    usual.forEach((delta, i) => {
      expect(Math.abs(delta)).toBeGreaterThan(1e-4);
      expect(slower[i]).toBeCloseTo(delta / 4, 6);
    });
  });

  it('also when the optimizer was made with another rate: the step is that of one made with the new rate', () => {
    for (const [, def, params] of kinds) {
      const changed = build(def, params, 0.3);
      setLearningRate(changed, 0.05);
      const step = stepper(changed)();
      const reference = stepper(build(def, params, 0.05))();
      step.forEach((delta, i) => expect(delta).toBeCloseTo(reference[i], 6));
    }
  });
});

/** y = 2x on one unit with a bias, trained by SGD; data far from 0 makes the first gradient huge. */
function linearModel(optimizer: tf.Optimizer): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros', biasInitializer: 'zeros' })],
  });
  model.compile({ optimizer, loss: 'meanSquaredError' });
  disposeAfter.push(model);
  return model;
}

const weightValues = (model: tf.LayersModel) => model.getWeights().flatMap((w) => Array.from(w.dataSync()));
const norm = (values: number[]) => Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));

/** The change of every weight in one fit() step on huge values, with clipping at `clipNorm` or none. */
async function oneStepUpdate(clipNorm: number | undefined, scale = 1000): Promise<number[]> {
  const optimizer = tf.train.sgd(0.1);
  disposeAfter.push(optimizer);
  const model = linearModel(optimizer);
  if (clipNorm !== undefined) trainingControls(tf, model, { learningRate: 0.1, epochs: 1, clipNorm });
  const xs = tf.tensor2d([[1 * scale, 2 * scale], [-3 * scale, 1 * scale]]);
  const ys = tf.tensor2d([[5 * scale], [-4 * scale]]);
  disposeAfter.push(xs, ys);
  const before = weightValues(model);
  await model.fit(xs, ys, { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
  return weightValues(model).map((v, i) => v - before[i]);
}

describe('gradient clipping', () => {
  it('caps the global norm of a fit() update at learning rate x clipNorm, keeping its direction', async () => {
    const raw = await oneStepUpdate(undefined);
    const clipped = await oneStepUpdate(1);
    expect(norm(raw)).toBeGreaterThan(1000);
    expect(norm(clipped)).toBeCloseTo(0.1 * 1, 4);
    clipped.forEach((delta, i) => expect(delta / norm(clipped)).toBeCloseTo(raw[i] / norm(raw), 5));
  });

  it('leaves updates already within the norm as they are', async () => {
    const raw = await oneStepUpdate(undefined, 0.01);
    const clipped = await oneStepUpdate(100, 0.01);
    expect(norm(raw)).toBeLessThan(100 * 0.1);
    clipped.forEach((delta, i) => expect(delta).toBeCloseTo(raw[i], 7));
  });

  it('keeps no tensors of its own from a step, and wraps an optimizer once', () => {
    const optimizer = tf.train.sgd(0.1);
    disposeAfter.push(optimizer);
    clipGradients(tf, optimizer, 1);
    const apply = optimizer.applyGradients;
    clipGradients(tf, optimizer, 0.5);
    expect(optimizer.applyGradients).toBe(apply);
    const weights = tf.variable(tf.tensor1d([0, 0]));
    const gradient = tf.tensor1d([30, 40]);
    disposeAfter.push(weights, gradient);
    const tensors = tf.memory().numTensors;
    optimizer.applyGradients({ [weights.name]: gradient });
    expect(tf.memory().numTensors).toBe(tensors);
    // The later norm counts: 0.1 x 0.5 along (0.6, 0.8).
    Array.from(weights.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([-0.03, -0.04][i], 6));
  });
});

describe('lowerIsBetter: the one rule for which way a watched value should go', () => {
  it('losses and errors go down, scores go up', () => {
    for (const m of ['val_loss', 'loss', 'val_mae', 'val_mse', 'val_rmse']) expect(lowerIsBetter(m), m).toBe(true);
    for (const m of ['val_accuracy', 'val_precision', 'val_recall', 'val_f1', 'val_auc', 'val_r2']) expect(lowerIsBetter(m), m).toBe(false);
  });
});

describe('EarlyStoppingTracker', () => {
  const feed = (tracker: EarlyStoppingTracker, monitor: string, values: number[]) => values.map((v, epoch) => tracker.observe(epoch, { [monitor]: v }));

  it('stops after `patience` epochs in a row without a lower loss, and names the best epoch', () => {
    const verdicts = feed(new EarlyStoppingTracker({ monitor: 'val_loss', patience: 2 }), 'val_loss', [1, 0.8, 0.9, 0.7, 0.7, 0.75]);
    expect(verdicts.map((v) => v.improved)).toEqual([true, true, false, true, false, false]);
    expect(verdicts.map((v) => v.stop)).toEqual([false, false, false, false, false, true]);
    expect(verdicts.at(-1)!.bestEpoch).toBe(3);
  });

  it('wants a higher score, and a NaN never counts as better', () => {
    const tracker = new EarlyStoppingTracker({ monitor: 'val_accuracy', patience: 1 });
    const verdicts = feed(tracker, 'val_accuracy', [0.5, 0.7, Number.NaN]);
    expect(verdicts.map((v) => [v.improved, v.stop])).toEqual([[true, false], [true, false], [false, true]]);
    expect(tracker.bestEpoch).toBe(1);
  });

  it('is summed up in words when the run went to its last epoch', () => {
    expect(earlyStoppingSummary({ monitor: 'val_accuracy', bestEpoch: 9, bestValue: 0.96666, endsWithBest: true })).toBe(
      "Early stopping: the best val_accuracy was at epoch 10 (0.967); the run went to its last epoch and ends with epoch 10's weights.",
    );
  });

  it('treats a watched value the run does not report as a bug, in words', () => {
    const tracker = new EarlyStoppingTracker({ monitor: 'val_f1', patience: 3 });
    expect(() => tracker.observe(0, { loss: 1, val_loss: 1 })).toThrow('Early stopping watches val_f1, but this epoch reported only loss, val_loss.');
  });
});

describe('trainingControls in a fit() loop', () => {
  /**
   * One weight learns y = x by SGD (w = 1 - 0.8^epochs: 0.2, 0.36, 0.488, 0.59, ...) while the
   * validation rows want y = 0.5x: their loss falls until epoch 2, then rises.
   */
  async function run(earlyStopping: ControlSettings['earlyStopping'], schedule?: ControlSettings['schedule']) {
    // Zero initial weights and one row: nothing random, so the weights below can be computed by hand.
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'zeros' })] });
    const optimizer = tf.train.sgd(0.1);
    model.compile({ optimizer, loss: 'meanSquaredError' });
    disposeAfter.push(model, optimizer);
    const [x, y, yVal] = [tf.tensor2d([[1]]), tf.tensor2d([[1]]), tf.tensor2d([[0.5]])];
    disposeAfter.push(x, y, yVal);
    const settings: ControlSettings = { learningRate: 0.1, epochs: 20, earlyStopping, schedule };
    const controls = trainingControls(tf, model, settings);
    const weights: number[] = [];
    const rates: number[] = [];
    let early: EarlyStoppingReport | undefined;
    try {
      for (let epoch = 0; epoch < settings.epochs; epoch++) {
        rates.push(controls.startEpoch(epoch));
        const history = await model.fit(x, y, { epochs: epoch + 1, initialEpoch: epoch, batchSize: 1, validationData: [x, yVal], verbose: 0 });
        weights.push(model.getWeights()[0].dataSync()[0]);
        const logs = Object.fromEntries(Object.entries(history.history).map(([k, v]) => [k, v[0] as number]));
        if (controls.endEpoch(epoch, logs)) break;
      }
      early = controls.finish();
    } finally {
      controls.dispose();
    }
    return { weights, rates, early, final: model.getWeights()[0].dataSync()[0] };
  }

  it('stops `patience` epochs after the best one and puts its weights back', async () => {
    const tensors = tf.memory().numTensors;
    const { weights, early, final } = await run({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    [0.2, 0.36, 0.488, 0.5904, 0.67232].forEach((w, i) => expect(weights[i]).toBeCloseTo(w, 5));
    expect(weights).toHaveLength(5);
    expect(early).toMatchObject({ monitor: 'val_loss', bestEpoch: 2, stoppedAfter: 4, endsWithBest: true });
    expect(early!.bestValue).toBeCloseTo(0.012 ** 2, 8);
    expect(earlyStoppingSummary(early!)).toBe(
      "Early stopping: val_loss stopped improving after epoch 3 (0.000144), so the run stopped at epoch 5 and put back epoch 3's weights.",
    );
    expect(final).toBeCloseTo(0.488, 5);
    disposeAfter.splice(0).forEach((d) => d.dispose());
    // The run's models and copies are gone: nothing the controls made outlives them.
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('keeps the last weights when asked to, and runs every epoch without early stopping', async () => {
    const kept = await run({ monitor: 'val_loss', patience: 2, restoreBestWeights: false });
    expect(kept.final).toBeCloseTo(0.67232, 5);
    expect(earlyStoppingSummary(kept.early!)).toBe(
      "Early stopping: val_loss stopped improving after epoch 3 (0.000144), so the run stopped at epoch 5 and kept the last epoch's weights.",
    );
    const full = await run(undefined);
    expect(full.weights).toHaveLength(20);
    expect(full.early).toBeUndefined();
  });

  it('sets each epoch its scheduled rate, which the steps follow', async () => {
    const { weights, rates } = await run(undefined, { kind: 'step', every: 2, factor: 0.5 });
    expect(rates.slice(0, 5)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    // w moves by 2 x rate x (1 - w) each epoch.
    let w = 0;
    rates.forEach((rate, i) => {
      w += 2 * rate * (1 - w);
      expect(weights[i]).toBeCloseTo(w, 5);
    });
  });
});
