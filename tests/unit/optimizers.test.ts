import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { ts } from '@/lib/export/code';
import { learningRateAt } from '@/lib/engine/training-controls';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition } from '@/nodes/define-node';
import { fieldOf } from '@/nodes/fields';
import { adagrad } from '@/nodes/optimizer/adagrad';
import { adam } from '@/nodes/optimizer/adam';
import { rmsprop } from '@/nodes/optimizer/rmsprop';
import { sgd } from '@/nodes/optimizer/sgd';
import { runSettings, trainingConstants, trainingParams, trainingSummary } from '@/nodes/shared';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const optimizers = nodeDefinitions.filter((d) => d.category === 'optimizer') as readonly AnyNodeDefinition[];
const compiled = (def: AnyNodeDefinition, params: Record<string, unknown>) => def.params.parse({ learningRate: 0.1, epochs: 30, ...params });

describe('optimizer kinds', () => {
  it('are SGD, Adam, RMSprop and Adagrad, each with the shared run settings', () => {
    expect(optimizers.map((d) => d.kind)).toEqual(['optimizer.sgd', 'optimizer.adam', 'optimizer.rmsprop', 'optimizer.adagrad']);
    for (const def of optimizers) {
      for (const name of Object.keys(trainingParams)) expect(def.params.shape, `${def.kind}: ${name}`).toHaveProperty(name);
      expect(def.typicalLearningRate).toBeGreaterThan(0);
    }
  });

  it('read a pipeline saved before the new settings: same run settings, nothing added', () => {
    const saved = { learningRate: 0.05, epochs: 20, batchSize: 16, seed: 42 };
    for (const def of optimizers) {
      expect(def.training!(def.params.parse(saved)), def.kind).toStrictEqual(saved);
    }
    const result = compile(irisMlp);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.spec.training).toStrictEqual({ learningRate: 0.01, epochs: 60, batchSize: 16, seed: 42 });
  });

  it('build the tfjs optimizer their settings describe', () => {
    const built = (def: AnyNodeDefinition, params: Record<string, unknown>) => {
      const optimizer = def.build!(compiled(def, params), { tf, seed: 1 }) as tf.Optimizer;
      const described = { name: optimizer.getClassName(), config: optimizer.getConfig() };
      optimizer.dispose();
      return described;
    };
    expect(built(sgd, {})).toEqual({ name: 'SGD', config: { learningRate: 0.1 } });
    expect(built(sgd, { momentum: 0.9, nesterov: true })).toEqual({ name: 'Momentum', config: { learningRate: 0.1, momentum: 0.9, useNesterov: true } });
    expect(built(rmsprop, {})).toEqual({ name: 'RMSProp', config: { learningRate: 0.1, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false } });
    expect(built(rmsprop, { rho: 0.8, momentum: 0.5, epsilon: 1e-6 }).config).toMatchObject({ decay: 0.8, momentum: 0.5, epsilon: 1e-6 });
    expect(built(adagrad, { initialAccumulatorValue: 0.2 })).toEqual({ name: 'Adagrad', config: { learningRate: 0.1, initialAccumulatorValue: 0.2 } });
    expect(built(adam, {}).name).toBe('Adam');
  });

  it('emit the same optimizer, reading the LEARNING_RATE constant', () => {
    const code = (def: AnyNodeDefinition, params: Record<string, unknown>) => (def.emit!(compiled(def, params), { seed: ts`layerSeed(0)` }) as { optimizer: { text: string } }).optimizer.text;
    expect(code(sgd, {})).toBe('tf.train.sgd(LEARNING_RATE)');
    expect(code(sgd, { momentum: 0.9, nesterov: true })).toBe('tf.train.momentum(LEARNING_RATE, 0.9, true)');
    expect(code(rmsprop, {})).toBe('tf.train.rmsprop(LEARNING_RATE, 0.9, 0, 1e-7)');
    expect(code(adagrad, {})).toBe('tf.train.adagrad(LEARNING_RATE, 0.1)');
    expect(code(adam, {})).toBe('tf.train.adam(LEARNING_RATE)');
  });

  it('say what they do on the canvas in one short line', () => {
    expect(sgd.summary!(compiled(sgd, { momentum: 0.9, nesterov: true }))).toBe('momentum 0.9, Nesterov · lr 0.1 · 30 epochs · batch 32');
    expect(rmsprop.summary!(compiled(rmsprop, {}))).toBe('lr 0.1 · 30 epochs · batch 32');
    for (const def of optimizers) expect(def.ui.description, def.kind).not.toContain('\n');
  });
});

describe('run settings', () => {
  const settings = (params: Record<string, unknown>) => runSettings(compiled(adam, params));

  it('map each schedule onto the rates the engine applies', () => {
    expect(settings({ schedule: 'step', decayRate: 0.1, decayEpochs: 5 }).schedule).toEqual({ kind: 'step', every: 5, factor: 0.1 });
    expect(settings({ schedule: 'cosine', minLearningRate: 0.001 }).schedule).toEqual({ kind: 'cosine', minRate: 0.001 });
    // Exponential decay falls by the decay rate over each period, a little every epoch (Keras's ExponentialDecay).
    const exponential = settings({ schedule: 'exponential', decayRate: 0.5, decayEpochs: 10 });
    expect(learningRateAt(exponential, 10)).toBeCloseTo(0.05, 12);
    expect(learningRateAt(exponential, 5)).toBeCloseTo(0.1 * Math.SQRT1_2, 12);
    expect(learningRateAt(exponential, 1)).toBeLessThan(0.1);
  });

  it('carry clipping and early stopping only when asked for', () => {
    expect(settings({ clipNorm: 1, earlyStopping: true, monitor: 'val_accuracy', patience: 3 })).toStrictEqual({
      learningRate: 0.1,
      epochs: 30,
      batchSize: 32,
      seed: 42,
      clipNorm: 1,
      earlyStopping: { monitor: 'val_accuracy', patience: 3, restoreBestWeights: true },
    });
    expect(settings({ monitor: 'val_accuracy', patience: 3, decayRate: 0.1 })).toStrictEqual({ learningRate: 0.1, epochs: 30, batchSize: 32, seed: 42 });
  });

  it('show on the canvas line', () => {
    const line = (params: Record<string, unknown>) => trainingSummary(compiled(adam, params));
    expect(line({ schedule: 'step', decayEpochs: 10 })).toBe('lr 0.1, halved every 10 epochs · 30 epochs · batch 32');
    expect(line({ schedule: 'cosine', clipNorm: 1, earlyStopping: true })).toBe('lr 0.1, cosine down to 0 · 30 epochs · batch 32 · clip 1 · stop on val_loss');
    expect(trainingSummary(adam.params.parse({}))).toBe('lr auto · auto epochs · batch 32');
  });

  it('become the exported constants, the new ones only when used', () => {
    const constants = (params: Record<string, unknown>) =>
      Object.fromEntries(trainingConstants(compiled(adam, params)).map((c) => [c.name, typeof c.value === 'object' && c.value && 'text' in c.value ? c.value.text : c.value]));
    expect(constants({})).toEqual({ EPOCHS: 30, BATCH_SIZE: 32, LEARNING_RATE: 0.1, SEED: 42 });
    expect(constants({ schedule: 'step', clipNorm: 2, earlyStopping: true, patience: 4 })).toEqual({
      EPOCHS: 30,
      BATCH_SIZE: 32,
      LEARNING_RATE: 0.1,
      SEED: 42,
      LEARNING_RATE_SCHEDULE: "{ kind: 'step', every: 10, factor: 0.5 } as const",
      CLIP_NORM: 2,
      EARLY_STOPPING: "{ monitor: 'val_loss', patience: 4, restoreBestWeights: true } as const",
    });
    const comment = (params: Record<string, unknown>) => trainingConstants(compiled(adam, params)).find((c) => c.name === 'EARLY_STOPPING')?.comment;
    expect(comment({ earlyStopping: true, patience: 1, restoreBestWeights: false })).toBe('Stops after 1 epoch without a better val_loss.');
  });

  it('word the monitor choices with the way each should go', () => {
    const monitor = fieldOf(adam, 'monitor')!;
    expect(monitor.optionLabels?.val_loss).toBe('Validation loss (lower is better)');
    expect(monitor.optionLabels?.val_r2).toBe('Validation R² (higher is better)');
    expect(fieldOf(adam, 'patience')!.description).toMatch(/^Early stopping only:/);
    expect(fieldOf(adam, 'minLearningRate')!.description).toMatch(/^Cosine decay only:/);
  });
});

