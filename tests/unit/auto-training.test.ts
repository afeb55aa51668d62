import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { suggestTraining, type LearningRates } from '@/nodes/shared';
import { setParams } from '../support/pipeline';

const adam: LearningRates = { optimizer: 'Adam', usual: 0.001, smallData: 0.01 };

describe('suggestTraining', () => {
  it('gives a small table many passes and a larger step', () => {
    const { epochs, learningRate } = suggestTraining({ trainSamples: 120, featureSize: 4 }, 32, adam);
    expect(epochs.value).toBe(75);
    expect(epochs.reason).toContain('120 training samples');
    expect(learningRate.value).toBe(0.01);
    expect(learningRate.reason).toContain('0.001');
  });

  it('gives MNIST few passes (it is big) and the usual step', () => {
    const { epochs, learningRate } = suggestTraining({ trainSamples: 8_000, featureSize: 784 }, 32, adam);
    expect(epochs.value).toBe(3);
    expect(epochs.reason).toContain('8,000 training samples');
    expect(epochs.reason).toContain('250 updates per pass');
    expect(learningRate.value).toBe(0.001);
    expect(learningRate.reason).toContain('784 values per sample');
  });

  it('keeps images at the usual step even when there are few of them', () => {
    const { epochs, learningRate } = suggestTraining({ trainSamples: 400, featureSize: 784 }, 32, adam);
    expect(epochs.value).toBe(24);
    expect(learningRate.value).toBe(0.001);
  });

  it('stays within 3 to 100 epochs, for tiny and huge data', () => {
    expect(suggestTraining({ trainSamples: 9, featureSize: 4 }, 32, adam).epochs.value).toBe(100);
    expect(suggestTraining({ trainSamples: 90_000, featureSize: 784 }, 32, adam).epochs.value).toBe(3);
  });

  it('counts updates with the batch size the optimizer uses', () => {
    expect(suggestTraining({ trainSamples: 120, featureSize: 4 }, 8, adam).epochs.value).toBe(20);
  });

  it('has a placeholder and says so while there is no dataset', () => {
    const { epochs, learningRate } = suggestTraining(undefined, 32, adam);
    expect(epochs.value).toBe(10);
    expect(learningRate.value).toBe(0.001);
    expect(epochs.reason).toContain('connect a dataset');
  });
});

describe('compile fills in an optimizer left on auto', () => {
  const auto = setParams(irisMlp, 'optimizer', { learningRate: undefined, epochs: undefined, batchSize: undefined });

  it('from the dataset wired: 150 flowers less the 20% validation share', () => {
    const result = compile(auto);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.spec.training).toMatchObject({ epochs: 75, learningRate: 0.01, batchSize: 32 });
    // The optimizer the engine builds reads its params, so they carry the picked rate too.
    expect(result.spec.optimizer.params).toMatchObject({ learningRate: 0.01, epochs: 75 });
    expect(result.analysis.nodes.optimizer.params).toMatchObject({ learningRate: 0.01, epochs: 75 });
    expect(Object.keys(result.analysis.nodes.optimizer.auto ?? {}).sort()).toEqual(['epochs', 'learningRate']);
    expect(result.analysis.nodes.optimizer.auto?.epochs.reason).toContain('120 training samples');
  });

  it('follows the sample limit and the split', () => {
    const fewer = compile(setParams(setParams(auto, 'dataset', { maxSamples: 100 }), 'split', { validationFraction: 0.5 }));
    expect(fewer.analysis.nodes.optimizer.auto?.epochs.reason).toContain('50 training samples');
    expect(fewer.analysis.nodes.optimizer.params?.epochs).toBe(100);
  });

  it('a typed value wins over auto', () => {
    const result = compile(setParams(auto, 'optimizer', { epochs: 5 }));
    expect(result.ok && result.spec.training).toMatchObject({ epochs: 5, learningRate: 0.01 });
    expect(Object.keys(result.analysis.nodes.optimizer.auto ?? {})).toEqual(['learningRate']);
  });

  it('keeps the templates on their own values', () => {
    for (const template of [irisMlp, digitCnn]) {
      const result = compile(template);
      const own = template.nodes.find((n) => n.id === 'optimizer')!.params;
      expect(result.ok && result.spec.training).toMatchObject({ epochs: own.epochs, learningRate: own.learningRate });
      expect(result.analysis.nodes.optimizer.auto).toBeUndefined();
    }
  });

  it('still picks values while the pipeline has errors elsewhere', () => {
    const broken = compile(setParams(auto, 'classifier', { units: 10 }));
    expect(broken.ok).toBe(false);
    expect(broken.analysis.nodes.optimizer.params?.epochs).toBe(75);
  });
});
