import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeNames } from '@/lib/document/node-name';
import type { EpochReport } from '@/lib/engine/protocol';
import type { RunResults } from '@/lib/results/types';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { adviseRun, longerEpochs, overfitting, stillImproving, underfitting, type RunToAdvise } from '@/lib/training/advice';

const specOf = (doc: PipelineDocument) => {
  const result = compile(doc);
  if (!result.ok) throw new Error('does not compile');
  return result.spec;
};
const iris = specOf(irisMlp);
const names = nodeNames(irisMlp);
const history = (valLoss: number[], valAccuracy?: number[]): EpochReport[] =>
  valLoss.map((v, i) => ({ epoch: i + 1, epochs: valLoss.length, loss: v, valLoss: v, valAccuracy: valAccuracy?.[i] }));
/** A run's epochs from its training and validation losses, with a training accuracy at every epoch. */
const curves = (loss: number[], valLoss: number[], accuracy = loss.map(() => 0.95)): EpochReport[] =>
  loss.map((l, i) => ({ epoch: i + 1, epochs: loss.length, loss: l, accuracy: accuracy[i], valLoss: valLoss[i] }));
const run = (over: Partial<RunToAdvise>): RunToAdvise => ({ spec: iris, names, history: [], results: null, outcome: 'finished', ...over });
const ids = (r: RunToAdvise) => adviseRun(r).map((a) => a.id);

describe('stillImproving', () => {
  it('sees a validation loss still falling at the end', () => {
    expect(stillImproving(history([1, 0.8, 0.6, 0.5, 0.4]))).toEqual({ what: 'validation loss', from: 0.6, to: 0.4, epochs: 3 });
  });

  it('sees accuracy still rising while the loss is flat', () => {
    expect(stillImproving(history([0.5, 0.5, 0.5, 0.5], [0.7, 0.8, 0.85, 0.9]))?.what).toBe('validation accuracy');
  });

  it('says nothing of a run that has levelled off or got worse, or is too short to tell', () => {
    expect(stillImproving(history([1, 0.5, 0.3, 0.3, 0.301, 0.299], [0.5, 0.9, 0.95, 0.95, 0.95, 0.95]))).toBeNull();
    expect(stillImproving(history([1, 0.5, 0.3, 0.35, 0.4, 0.45]))).toBeNull();
    expect(stillImproving(history([0.5]))).toBeNull();
  });

  it('sees a clear drop over a 2-epoch run, and stays quiet on a 2-epoch plateau', () => {
    expect(stillImproving(history([1.7, 1.18]))).toEqual({ what: 'validation loss', from: 1.7, to: 1.18, epochs: 2 });
    expect(stillImproving(history([0.5, 0.499], [0.9, 0.9]))).toBeNull();
    expect(stillImproving(history([0.5, 0.52], [0.9, 0.9]))).toBeNull();
  });

  it('looks at the last fifth of a long run, so one noisy epoch does not decide', () => {
    const falling = Array.from({ length: 50 }, (_, i) => 1 - i * 0.01);
    falling[49] = falling[48] + 0.005;
    expect(stillImproving(history(falling))?.epochs).toBe(10);
  });

  it('uses training numbers when there is no validation', () => {
    const runs: EpochReport[] = [3, 2, 1].map((loss, i) => ({ epoch: i + 1, epochs: 3, loss }));
    expect(stillImproving(runs)?.what).toBe('loss');
  });
});

describe('overfitting', () => {
  // Training loss falls all along; validation loss bottoms out at epoch 4 and climbs for 4 epochs.
  const overfit = curves([1, 0.8, 0.6, 0.45, 0.35, 0.28, 0.22, 0.18], [1, 0.7, 0.5, 0.45, 0.5, 0.55, 0.6, 0.65]);

  it('sees validation loss rising for epochs while training loss falls', () => {
    expect(overfitting(overfit)).toEqual({ best: 4, bestLoss: 0.45, lastLoss: 0.65, trainFrom: 0.45, trainTo: 0.18 });
  });

  it('needs two epochs of rise, a rise above jitter, and a training loss still falling', () => {
    expect(overfitting(curves([1, 0.8, 0.6, 0.5, 0.4], [1, 0.7, 0.5, 0.45, 0.6]))).toBeNull();
    expect(overfitting(curves([1, 0.8, 0.6, 0.5, 0.4, 0.3], [1, 0.7, 0.5, 0.45, 0.452, 0.455]))).toBeNull();
    expect(overfitting(curves([1, 0.8, 0.6, 0.6, 0.62, 0.64], [1, 0.7, 0.5, 0.45, 0.5, 0.55]))).toBeNull();
    expect(overfitting(curves([1, 0.8, 0.6], [1, 1.1, 1.2]))).toBeNull();
    expect(overfitting(overfit.map(({ valLoss: _v, ...r }) => r))).toBeNull();
  });

  it('advises dropout or fewer units on the last hidden layer and early stopping, and shows that layer', () => {
    const advice = adviseRun(run({ history: overfit }));
    expect(advice.map((a) => a.id)).toEqual(['overfitting']);
    expect(advice[0]).toMatchObject({ nodeId: 'hidden', action: 'select-node', title: 'Overfitting since epoch 4: validation loss 0.4500 → 0.6500' });
    expect(advice[0].detail).toContain('add a Dropout layer after Dense (hidden), or give it fewer units (now 16 units)');
    expect(advice[0].detail).toContain('turn on early stopping in Adam');
  });

  it('does not suggest what the pipeline already has', () => {
    const withEarlyStopping = { ...iris, training: { ...iris.training, earlyStopping: { monitor: 'val_loss', patience: 5, restoreBestWeights: true } } };
    const [advice] = adviseRun(run({ spec: withEarlyStopping, history: overfit }));
    expect(advice.detail).not.toContain('early stopping');
    const withDropout = { ...iris, model: { ...iris.model, layers: [...iris.model.layers, { ...iris.model.layers[0], nodeId: 'drop', kind: 'layer.dropout', params: { rate: 0.2 } }] } };
    expect(adviseRun(run({ spec: withDropout, history: overfit }))[0].detail).toContain('raise the Dropout rate');
  });

  it('wins over "still improving" when validation accuracy still creeps up', () => {
    const creeping = overfit.map((r, i) => ({ ...r, valAccuracy: 0.6 + i * 0.04 }));
    expect(stillImproving(creeping)).not.toBeNull();
    expect(ids(run({ history: creeping }))).toEqual(['overfitting']);
  });
});

describe('still improving, with the offer to train longer', () => {
  it('offers to double the epochs of a finished run still getting better', () => {
    const [advice] = adviseRun(run({ history: curves([1, 0.8, 0.6, 0.5, 0.4], [1, 0.8, 0.6, 0.5, 0.4]) }));
    expect(advice).toMatchObject({ id: 'still-improving', action: 'train-longer', nodeId: 'optimizer', title: 'Still improving: validation loss 0.6000 → 0.4000' });
    expect(advice.detail).toContain("sets Adam's epochs to 120");
    expect(longerEpochs(iris)).toBe(120);
  });

  it('only points at the optimizer where doubling would pass its limit on epochs', () => {
    let epochs = iris.training.epochs;
    while (longerEpochs({ ...iris, training: { ...iris.training, epochs } }) !== null) epochs *= 2;
    const long = { ...iris, training: { ...iris.training, epochs }, optimizer: { ...iris.optimizer, params: { ...iris.optimizer.params, epochs } } };
    const [advice] = adviseRun(run({ spec: long, history: curves([1, 0.8, 0.6, 0.5, 0.4], [1, 0.8, 0.6, 0.5, 0.4]) }));
    expect(advice).toMatchObject({ id: 'still-improving', action: 'select-node', nodeId: 'optimizer' });
    expect(advice.detail).toContain('raise the epochs in Adam');
  });

  it('says nothing of a stopped run: it was stopped, not done', () => {
    expect(ids(run({ history: curves([1, 0.8, 0.6, 0.5, 0.4], [1, 0.8, 0.6, 0.5, 0.4]), outcome: 'stopped' }))).toEqual([]);
  });
});

describe('underfitting', () => {
  // Iris has 3 classes: an untrained model's cross-entropy is ln 3 ≈ 1.0986, guessing gets 33%.
  const flat = (loss: number, accuracy: number) => curves([loss, loss, loss, loss], [loss, loss, loss, loss], [accuracy, accuracy, accuracy, accuracy]);

  it('sees a training loss barely below an untrained model’s', () => {
    expect(underfitting(flat(1.0, 0.9), iris)).toMatchObject({ loss: 1, untrained: Math.log(3) });
    expect(underfitting(flat(0.9, 0.9), iris)).toBeNull();
    // The first batch's loss, measured, beats the formula.
    expect(underfitting(flat(1.0, 0.9), iris, 2)).toBeNull();
  });

  it('sees a training accuracy not halfway from guessing to every row right', () => {
    expect(underfitting(flat(0.5, 0.6), iris)).toMatchObject({ accuracy: 0.6, chance: 1 / 3 });
    expect(underfitting(flat(0.5, 0.7), iris)).toBeNull();
  });

  it('advises a bigger model, more epochs or a higher learning rate, naming the layer and the optimizer', () => {
    const [advice, ...rest] = adviseRun(run({ history: flat(0.5, 0.55) }));
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ id: 'underfitting', nodeId: 'hidden', action: 'select-node' });
    expect(advice.detail).toContain('it gets only 55.0% of its own training rows right (guessing gets 33.3%)');
    expect(advice.detail).toContain('give Dense (hidden) more units (now 16 units) or add a layer after it');
    expect(advice.detail).toContain('a higher learning rate in Adam (now 0.01)');
    expect(adviseRun(run({ history: flat(1.05, 0.9) }))[0].detail).toContain('its training loss ended at 1.0500, barely below an untrained model');
  });

  it('leaves a run still improving to the offer to train longer', () => {
    expect(ids(run({ history: curves([1.09, 1.0, 0.95], [1.09, 1.0, 0.95], [0.4, 0.45, 0.5]) }))).toEqual(['still-improving']);
  });
});

describe('a class never predicted', () => {
  const results = (neverPredicted: string[]): RunResults => ({
    part: 'validation',
    rows: 30,
    detail: { kind: 'classification', classNames: ['setosa', 'versicolor', 'virginica'], confusion: [], perClass: [], neverPredicted, misclassified: [] },
  });
  const healthy = curves([1, 0.5, 0.3, 0.3, 0.3], [1, 0.5, 0.3, 0.3, 0.3]);

  it('names the classes and the data node, and says what to do', () => {
    const advice = adviseRun(run({ history: healthy, results: results(['versicolor', 'virginica']) }));
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatchObject({ id: 'never-predicted', title: 'Never predicted: versicolor and virginica', nodeId: 'dataset', action: 'select-node' });
    expect(advice[0].detail).toContain('On the 30 validation rows, the model never answered “versicolor” and “virginica”');
    expect(advice[0].detail).toContain('add rows of those classes to the data in Dataset');
  });

  it('points at the sample limit when the data node holds rows back', () => {
    const limited = { ...iris, data: { ...iris.data, dataset: { ...iris.data.dataset, maxSamples: 40 } } };
    expect(adviseRun(run({ spec: limited, history: healthy, results: results(['virginica']) }))[0].detail).toContain("raise Dataset's sample limit (now 40)");
  });

  it('says nothing when every class was predicted', () => {
    expect(ids(run({ history: healthy, results: results([]) }))).toEqual([]);
  });
});
