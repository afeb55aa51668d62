import { beforeAll, describe, expect, it } from 'vitest';
import type * as Tf from '@tensorflow/tfjs';
import { compile } from '@/lib/compile/compile';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { buildModel, prepareRun, splitSeed, train } from '@/lib/engine/train';
import { cpuTf } from '@/lib/engine/train-in-node';
import { partitionRows, type SplitParams } from '@/lib/data/steps/split';
import type { Preprocessing } from '@/lib/runs/model';
import type { PipelineSpec } from '@/lib/spec/spec';
import { predictOne, readOutputs } from '@/lib/predict/predict';
import { irisMlp } from '@/lib/templates/iris-mlp';

let tf: Awaited<ReturnType<typeof cpuTf>>;
beforeAll(async () => {
  tf = await cpuTf();
});

const irisSpec = (): PipelineSpec => {
  const result = compile(irisMlp);
  if (!result.ok) throw new Error('The iris template compiles');
  return result.spec;
};

const preprocessingOf = (spec: PipelineSpec, fitted: Record<string, unknown> = {}): Preprocessing => ({
  format: 'pipeline-builder.preprocessing',
  version: 1,
  spec,
  fitted,
});

describe('predictOne', () => {
  it('predicts a typed iris row with a model the engine trained: its own probabilities, most likely first, no tensor left', async () => {
    const spec = { ...irisSpec() };
    spec.training = { ...spec.training, epochs: 20 };
    const table = await loadSourceTable(spec.data.dataset, nodeSourceReaders);
    const prepared = prepareRun(spec, table);
    const trained = await train(tf, spec, prepared, {}, {}, { keepModel: true });
    const model = trained.model!;

    const split = spec.data.steps.find((s) => s.nodeId === 'split')!;
    const rows = partitionRows(table, split.params as unknown as SplitParams, splitSeed(spec.training.seed));
    const preprocessing = preprocessingOf(spec, trained.fitted);
    const species = table.columns.find((c) => c.name === 'species')!;
    let right = 0;
    for (let j = 0; j < rows.validation.length; j++) {
      const row = rows.validation[j];
      const cells = table.columns.filter((c) => c.type === 'number').map((c) => ({ name: c.name, value: c.values[row] as number }));
      const before = tf.memory().numTensors;
      const prediction = await predictOne(tf, model, preprocessing, { kind: 'row', cells });
      expect(tf.memory().numTensors, 'tensors left by a prediction').toBe(before);
      if (!('kind' in prediction) || prediction.kind !== 'classes') throw new Error(`expected classes, got ${JSON.stringify(prediction)}`);

      // The same numbers as the model gives the engine's validation row.
      const expected = tf.tidy(() => (model.predict(tf.tensor(prepared.validation!.inputs[0].values.slice(j * 4, j * 4 + 4), [1, 4])) as Tf.Tensor).dataSync());
      const byName = Object.fromEntries(prediction.classes.map((c) => [c.name, c.probability]));
      ['setosa', 'versicolor', 'virginica'].forEach((name, i) => expect(byName[name]).toBeCloseTo(expected[i], 5));
      const probabilities = prediction.classes.map((c) => c.probability);
      expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      if (species.type === 'category' && prediction.classes[0].name === species.values[row]) right++;
    }
    // Iris is easy: a trained model gets most held-out flowers right (an untrained one about a third).
    expect(right / rows.validation.length).toBeGreaterThan(0.8);
    model.dispose();
  });

  it('returns the problem in words instead of predicting what it cannot build', async () => {
    const spec = irisSpec();
    const model = buildModel(tf, spec);
    const answer = await predictOne(tf, model, preprocessingOf(spec), { kind: 'row', cells: [{ name: 'species', value: 3 }, { name: 'petalWidth', value: 'wide' }] });
    expect(answer).toEqual({ problem: 'petalWidth must be a number, not "wide".' });
    model.dispose();
  });
});

describe('readOutputs', () => {
  const withTarget = (info: PipelineSpec['data']['target']['info']) => {
    const spec = irisSpec();
    return preprocessingOf({ ...spec, data: { ...spec.data, target: { ...spec.data.target, info } } });
  };

  it('reads one sigmoid output as the probability of the second of two classes', () => {
    expect(readOutputs(withTarget({ kind: 'classes', classNames: ['ham', 'spam'] }), [0.8])).toEqual({
      kind: 'classes',
      classes: [
        { name: 'spam', probability: 0.8 },
        { name: 'ham', probability: expect.closeTo(0.2, 10) },
      ],
    });
  });

  it('turns scores that are not probabilities into shares that add up to 1, in the same order', () => {
    const read = readOutputs(withTarget({ kind: 'classes', classNames: ['a', 'b', 'c'] }), [2, -1, 0]);
    if (read.kind !== 'classes') throw new Error('classes');
    expect(read.classes.map((c) => c.name)).toEqual(['a', 'c', 'b']);
    expect(read.classes[0].probability).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(-1) + 1), 6);
  });

  it('names a regression’s numbers by their target', () => {
    expect(readOutputs(withTarget({ kind: 'numbers', names: ['Miles_per_Gallon'] }), Float32Array.of(23.5))).toEqual({
      kind: 'numbers',
      values: [{ name: 'Miles_per_Gallon', value: 23.5 }],
    });
  });
});
