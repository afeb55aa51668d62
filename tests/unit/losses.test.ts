import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getNodeDefinition } from '@/nodes';
import type { LossFunction, PortInfo } from '@/nodes/define-node';
import type { Shape } from '@/lib/shape/shape';
import type { TargetInfo } from '@/lib/data/table';
import { ts } from '@/lib/export/code';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const loss = (kind: string) => getNodeDefinition(kind)!;

/**
 * The loss model.compile() computes with what build() returns, for these predictions: a model
 * with no weights passes its input through, so evaluate() scores `prediction` against `truth`.
 */
function lossOf(kind: string, params: Record<string, unknown>, truth: number[][], prediction: number[][]): number {
  const def = loss(kind);
  const built = def.build!(def.params.parse(params), { tf, seed: 1 }) as string | LossFunction;
  const model = tf.sequential({ layers: [tf.layers.activation({ activation: 'linear', inputShape: [prediction[0].length] })] });
  model.compile({ optimizer: 'sgd', loss: built });
  const value = tf.tidy(() => (model.evaluate(tf.tensor2d(prediction), tf.tensor2d(truth)) as tf.Scalar).dataSync()[0]);
  model.dispose();
  return value;
}

describe('each loss computes the value worked out by hand', () => {
  it('categorical cross-entropy: the mean of -log(probability of the true class)', () => {
    // Row 1 is class 1 with p 0.7, row 2 class 0 with p 0.5: (-ln 0.7 - ln 0.5) / 2.
    const value = lossOf('loss.categoricalCrossentropy', {}, [[0, 1, 0], [1, 0, 0]], [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]);
    expect(value).toBeCloseTo((-Math.log(0.7) - Math.log(0.5)) / 2, 5);
  });

  it('sparse categorical cross-entropy: the same, from class numbers', () => {
    const value = lossOf('loss.sparseCategoricalCrossentropy', {}, [[1], [0]], [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]);
    expect(value).toBeCloseTo((-Math.log(0.7) - Math.log(0.5)) / 2, 5);
  });

  it('binary cross-entropy: -log p for label 1, -log(1 - p) for label 0', () => {
    // (-ln 0.8 - ln(1 - 0.4)) / 2.
    const value = lossOf('loss.binaryCrossentropy', {}, [[1], [0]], [[0.8], [0.4]]);
    expect(value).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 5);
  });

  // truth 3, -0.5, 2, 7; predicted 2.5, 0, 2, 8: misses 0.5, 0.5, 0, 1.
  const truth = [[3], [-0.5], [2], [7]];
  const predicted = [[2.5], [0], [2], [8]];

  it('mean squared error: (0.25 + 0.25 + 0 + 1) / 4', () => {
    expect(lossOf('loss.meanSquaredError', {}, truth, predicted)).toBeCloseTo(0.375, 6);
  });

  it('mean absolute error: (0.5 + 0.5 + 0 + 1) / 4', () => {
    expect(lossOf('loss.meanAbsoluteError', {}, truth, predicted)).toBeCloseTo(0.5, 6);
  });

  it('Huber: ½·miss² up to delta, delta·(|miss| - ½·delta) beyond', () => {
    // delta 1: every miss is within it: (0.125 + 0.125 + 0 + 0.5) / 4 = 0.1875.
    expect(lossOf('loss.huber', {}, truth, predicted)).toBeCloseTo(0.1875, 6);
    // delta 0.5: 0.5·0.25 twice, 0, and the miss of 1 is beyond: 0.5·(1 - 0.25) = 0.375. (0.125 + 0.125 + 0.375) / 4 = 0.15625.
    expect(lossOf('loss.huber', { delta: 0.5 }, truth, predicted)).toBeCloseTo(0.15625, 6);
  });
});

describe('what each loss asks of the target and the model', () => {
  it.each([
    ['loss.categoricalCrossentropy', 'oneHot', 'softmax'],
    ['loss.sparseCategoricalCrossentropy', 'classIndex', 'softmax'],
    ['loss.binaryCrossentropy', 'binary', 'sigmoid'],
    ['loss.meanSquaredError', 'numbers', 'linear'],
    ['loss.meanAbsoluteError', 'numbers', 'linear'],
    ['loss.huber', 'numbers', 'linear'],
  ])('%s: target %s, prediction ending in %s', (kind, encoding, activation) => {
    expect(loss(kind).targetEncoding).toBe(encoding);
    expect(loss(kind).outputActivation).toBe(activation);
  });

  it('Huber exports its delta as a constant the loss reads', () => {
    const emitted = loss('loss.huber').emit!({ delta: 2.5 }, { seed: ts`1` }) as { constants: { name: string; value: unknown }[]; loss: { text: string } };
    expect(emitted.constants).toMatchObject([{ name: 'HUBER_DELTA', value: 2.5 }]);
    expect(emitted.loss.text).toContain('tf.losses.huberLoss(yTrue, yPred, undefined, HUBER_DELTA)');
  });
});

describe('inferShape with what the target is', () => {
  const species: TargetInfo = { kind: 'classes', classNames: ['Adelie', 'Chinstrap', 'Gentoo'] };
  const digits: TargetInfo = { kind: 'classes', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] };
  const spam: TargetInfo = { kind: 'classes', classNames: ['ham', 'spam'] };
  const mpg: TargetInfo = { kind: 'numbers', names: ['mpg'] };
  const labelsOf = (t: TargetInfo): Shape => [null, t.kind === 'classes' ? t.classNames.length : t.names.length];
  const infer = (kind: string, prediction: Shape, target: TargetInfo, params: Record<string, unknown> = {}) => {
    const def = loss(kind);
    const info: PortInfo[] = [{}, { target }];
    return def.inferShape(def.params.parse(params), [prediction, labelsOf(target)], info);
  };

  it('accepts each loss on its own task, with a scalar loss out', () => {
    expect(infer('loss.categoricalCrossentropy', [null, 3], species)).toEqual({ ok: true, shapes: [[]] });
    expect(infer('loss.sparseCategoricalCrossentropy', [null, 10], digits)).toEqual({ ok: true, shapes: [[]] });
    expect(infer('loss.binaryCrossentropy', [null, 1], spam)).toEqual({ ok: true, shapes: [[]] });
    for (const kind of ['loss.meanSquaredError', 'loss.meanAbsoluteError', 'loss.huber']) expect(infer(kind, [null, 1], mpg)).toEqual({ ok: true, shapes: [[]] });
  });

  it('binary cross-entropy on 10 classes: use categorical or sparse categorical cross-entropy', () => {
    expect(infer('loss.binaryCrossentropy', [null, 1], digits)).toMatchObject({
      ok: false,
      code: 'E_LOSS_TASK',
      message: 'Binary cross-entropy is for a choice between two classes, but the target has 10 classes (0, 1, 2, 3 and 6 more).',
      hint: expect.stringMatching(/categorical or sparse categorical cross-entropy/),
    });
  });

  it('binary cross-entropy on a two-unit output: blames the prediction, with a fix to one unit', () => {
    expect(infer('loss.binaryCrossentropy', [null, 2], spam)).toMatchObject({
      ok: false,
      code: 'E_CLASS_COUNT',
      message: 'This output has 2 units, but a two-class loss reads one: the probability of the second class "spam".',
      blamePort: 'prediction',
      fix: { label: 'Set units to 1', params: { units: 1 } },
    });
  });

  it('a regression loss on classes: use cross-entropy', () => {
    for (const kind of ['loss.meanSquaredError', 'loss.meanAbsoluteError', 'loss.huber']) {
      const result = infer(kind, [null, 3], species);
      expect(result).toMatchObject({ ok: false, code: 'E_LOSS_TASK', hint: expect.stringMatching(/cross-entropy/) });
      if (!result.ok) expect(result.message).toMatch(/compares predicted numbers, but the target is one of 3 classes \(Adelie, Chinstrap, Gentoo\)/);
    }
  });

  it('cross-entropy on numbers: use MSE, MAE or Huber', () => {
    for (const kind of ['loss.categoricalCrossentropy', 'loss.sparseCategoricalCrossentropy', 'loss.binaryCrossentropy']) {
      expect(infer(kind, [null, 1], mpg)).toMatchObject({
        ok: false,
        code: 'E_LOSS_TASK',
        message: expect.stringMatching(/compares class probabilities, but the target is numbers \(mpg\): a regression/),
        hint: 'Use mean squared error, mean absolute error or Huber: they compare numbers.',
      });
    }
  });

  it('a prediction of the wrong width is blamed on the node that makes it, with a units fix', () => {
    expect(infer('loss.categoricalCrossentropy', [null, 4], species)).toMatchObject({
      code: 'E_CLASS_COUNT',
      message: 'This output has 4 units, but the labels have 3 classes.',
      blamePort: 'prediction',
      fix: { params: { units: 3 } },
    });
    expect(infer('loss.meanSquaredError', [null, 3], mpg)).toMatchObject({
      code: 'E_OUTPUT_COUNT',
      message: 'This output has 3 units, but the target is one number per sample (mpg).',
      blamePort: 'prediction',
      fix: { label: 'Set units to 1', params: { units: 1 } },
    });
    expect(infer('loss.huber', [null, 4, 4, 2], mpg)).toMatchObject({ code: 'E_PREDICTION_SHAPE', hint: expect.stringMatching(/Flatten/), blamePort: 'prediction' });
  });

  it('without a target (older callers), the labels shape stands for one-hot classes', () => {
    const bare = (kind: string, prediction: Shape, labels: Shape) => loss(kind).inferShape({}, [prediction, labels], []);
    expect(bare('loss.categoricalCrossentropy', [null, 3], [null, 3])).toEqual({ ok: true, shapes: [[]] });
    expect(bare('loss.categoricalCrossentropy', [null, 2], [null, 3])).toMatchObject({ code: 'E_CLASS_COUNT', fix: { params: { units: 3 } } });
    expect(bare('loss.binaryCrossentropy', [null, 1], [null, 2])).toEqual({ ok: true, shapes: [[]] });
    expect(bare('loss.binaryCrossentropy', [null, 1], [null, 10])).toMatchObject({ code: 'E_LOSS_TASK' });
  });
});
