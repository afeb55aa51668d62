import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition, EmitByCategory, LossFunction, PortInfo } from '@/nodes/define-node';
import { ts } from '@/lib/export/code';
import { fieldsOf } from '@/nodes/fields';
import type { Shape } from '@/lib/shape/shape';
import type { DataTensor } from '@/lib/data/table';
import { layerArbitraries } from '../support/layer-arbitraries';

/**
 * Every node kind goes through the same checks. For layers, tfjs itself is the judge: the shape
 * and parameter count shown on the canvas must be the ones tfjs builds.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Parameter sets and input shapes (without the batch dimension) to check each layer kind on:
 * `input` for one input, `inputs` for several (in port order); `info` what else is known about them.
 */
const layerCases: Record<string, ({ params: Record<string, unknown>; info?: PortInfo[] } & ({ input: number[] } | { inputs: number[][] }))[]> = {
  'layer.conv2d': [
    { params: {}, input: [28, 28, 1] },
    { params: { filters: 16, kernelSize: 5, strides: 2 }, input: [28, 28, 1] },
    { params: { filters: 4, kernelSize: 3, strides: 2, padding: 'same' }, input: [28, 28, 3] },
    { params: { filters: 6, kernelSize: 3, strides: 3, padding: 'same' }, input: [13, 11, 2] },
    { params: { filters: 5, kernelSize: 4, strides: 3, padding: 'valid', useBias: false }, input: [17, 20, 3] },
    { params: { filters: 2, kernelSize: 1, activation: 'linear' }, input: [5, 5, 8] },
    { params: { filters: 3, kernelSize: 7, padding: 'same' }, input: [6, 9, 1] },
  ],
  'layer.maxPool2d': [
    { params: {}, input: [26, 26, 16] },
    { params: { poolSize: 3 }, input: [13, 13, 4] },
    { params: { poolSize: 3, strides: 2 }, input: [13, 14, 2] },
    { params: { poolSize: 2, strides: 1 }, input: [7, 7, 1] },
    { params: { poolSize: 2, strides: 2, padding: 'same' }, input: [7, 9, 3] },
    { params: { poolSize: 4, strides: 3, padding: 'same' }, input: [10, 10, 5] },
  ],
  'layer.dense': [
    { params: {}, input: [4] },
    { params: { units: 10, activation: 'softmax' }, input: [576] },
    { params: { units: 7, useBias: false }, input: [3] },
    { params: { units: 5 }, input: [6, 3] },
    { params: { units: 2, activation: 'tanh' }, input: [4, 3, 8] },
  ],
  'layer.flatten': [
    { params: {}, input: [28, 28, 1] },
    { params: {}, input: [6, 6, 16] },
    { params: {}, input: [5, 3] },
  ],
  'layer.dropout': [
    { params: {}, input: [64] },
    { params: { rate: 0.5 }, input: [12, 12, 8] },
  ],
  'layer.activation': [
    { params: {}, input: [10] },
    { params: { activation: 'softmax' }, input: [3] },
    { params: { activation: 'sigmoid' }, input: [4, 4, 2] },
  ],
  'layer.positionalEmbedding': [
    { params: {}, input: [10], info: [{ ids: 50 }] },
    { params: { vocabularySize: 80, sequenceLength: 12, embedDim: 8 }, input: [7], info: [{ ids: 80 }] },
  ],
  'layer.multiHeadAttention': [
    { params: {}, input: [10, 32] },
    { params: { numHeads: 3, keyDim: 5 }, input: [4, 7] },
  ],
  'layer.transformerEncoder': [
    { params: {}, input: [10, 32] },
    { params: { numHeads: 4, keyDim: 8, ffDim: 16, activation: 'gelu' }, input: [6, 12] },
  ],
  'layer.add': [
    { params: {}, inputs: [[8], [8]] },
    { params: {}, inputs: [[5, 3], [5, 3]] },
  ],
  'layer.concatenate': [
    { params: {}, inputs: [[8], [3]] },
    { params: {}, inputs: [[4, 4, 2], [4, 4, 6]] },
  ],
  'layer.multiply': [
    { params: {}, inputs: [[8], [8]] },
    { params: {}, inputs: [[2, 6], [2, 6]] },
  ],
  'layer.dot': [
    { params: {}, inputs: [[8], [8]] },
    { params: { axes: 1, normalize: true }, inputs: [[5, 3], [5, 4]] },
    { params: { axes: 2 }, inputs: [[5, 3], [6, 3]] },
  ],
};

const withBatch = (shape: number[]): Shape => [null, ...shape];

describe('every node definition', () => {
  it('has a unique kind', () => {
    const kinds = nodeDefinitions.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  describe.each(nodeDefinitions.map((d) => [d.kind, d as AnyNodeDefinition] as const))('%s', (_kind, def) => {
    it('parses its defaults from empty params', () => {
      expect(() => def.params.parse({})).not.toThrow();
    });

    it('has a label, a description and unique port ids', () => {
      expect(def.ui.label.length).toBeGreaterThan(0);
      expect(def.ui.description.length).toBeGreaterThan(0);
      for (const ports of [def.inputs, def.outputs]) {
        expect(new Set(ports.map((p) => p.id)).size).toBe(ports.length);
      }
    });

    it('picks a value in range, with a reason, for every field it leaves on auto', () => {
      const autoFields = fieldsOf(def).filter((f) => f.auto);
      expect(autoFields.length > 0, 'auto fields and an auto() or autoFromInputs() go together').toBe(
        def.auto !== undefined || def.autoFromInputs !== undefined,
      );
      // Values picked from what flows in are checked where inputs are generated (layers-contract.test.ts).
      if (!def.auto) return;
      for (const data of [undefined, { trainSamples: 120, featureSize: 4 }, { trainSamples: 8_000, featureSize: 784 }]) {
        const picked = def.auto?.(def.params.parse({}), data) ?? {};
        expect(Object.keys(picked).sort()).toEqual(autoFields.map((f) => f.name).sort());
        for (const field of autoFields) {
          expect(def.params.safeParse({ [field.name]: picked[field.name].value }).success, `${field.name} = ${picked[field.name].value}`).toBe(true);
          expect(picked[field.name].reason.length).toBeGreaterThan(0);
        }
      }
    });

    it('summarises its default params without throwing', () => {
      expect(() => def.summary?.(def.params.parse({}))).not.toThrow();
    });
  });
});

const layers = nodeDefinitions.filter((d) => d.category === 'layer') as AnyNodeDefinition[];

describe('layers agree with tfjs', () => {
  it('has cases for every layer kind, here or generated (layers-contract.test.ts)', () => {
    expect(layers.map((d) => d.kind).filter((k) => !layerCases[k] && !layerArbitraries[k])).toEqual([]);
  });

  const cases = layers.flatMap((def) =>
    (layerCases[def.kind] ?? []).map((c) => {
      const on = ('inputs' in c ? c.inputs : [c.input]).map((shape) => `[?, ${shape}]`).join(' and ');
      return [`${def.kind} ${JSON.stringify(c.params)} on ${on}`, def, c] as const;
    }),
  );

  it.each(cases)('%s', (_name, def, layerCase) => {
    const inputs = 'inputs' in layerCase ? layerCase.inputs : [layerCase.input];
    const shapes = inputs.map(withBatch);
    const info = layerCase.info ?? inputs.map(() => ({}));
    const parsed = def.params.parse(layerCase.params);
    // As compile does: fields left empty take what the node picks from its inputs.
    const picked = Object.entries(def.autoFromInputs?.(parsed, shapes, info) ?? {}).filter(([field]) => parsed[field] === undefined);
    for (const [field, { value, reason }] of picked) {
      expect(def.params.safeParse({ [field]: value }).success, `${field} = ${value}`).toBe(true);
      expect(reason.length).toBeGreaterThan(0);
    }
    const p = { ...parsed, ...Object.fromEntries(picked.map(([field, { value }]) => [field, value])) };
    const inferred = def.inferShape(p, shapes, info);
    const layer = def.build!(p, { tf, seed: 7 }) as tf.layers.Layer;
    const symbolic = inputs.map((shape) => tf.input({ shape }));
    const output = layer.apply(symbolic.length === 1 ? symbolic[0] : symbolic) as tf.SymbolicTensor;
    expect(inferred).toEqual({ ok: true, shapes: [output.shape] });
    expect(def.paramCount?.(p, shapes) ?? 0).toBe(layer.countParams());
    layer.dispose();
  });

  it('rejects what tfjs cannot build, with a hint', () => {
    const rejected: [string, Record<string, unknown>, Shape, PortInfo?][] = [
      ['layer.conv2d', {}, [null, 4]],
      ['layer.conv2d', { kernelSize: 5 }, [null, 3, 3, 1]],
      ['layer.maxPool2d', {}, [null, 10]],
      ['layer.maxPool2d', { poolSize: 4 }, [null, 3, 8, 1]],
      ['layer.flatten', {}, [null, 10]],
      ['layer.multiHeadAttention', {}, [null, 10]],
      ['layer.transformerEncoder', {}, [null, 4, 4, 1]],
      ['layer.positionalEmbedding', {}, [null, 10]],
      ['layer.positionalEmbedding', {}, [null, 10, 3], { ids: 20 }],
    ];
    for (const [kind, params, shape, info = {}] of rejected) {
      const def = layers.find((d) => d.kind === kind)!;
      const result = def.inferShape(def.params.parse(params), [shape], [info]);
      expect(result.ok, `${kind} on ${JSON.stringify(shape)}`).toBe(false);
      if (!result.ok) expect(result.hint.length).toBeGreaterThan(0);
    }
  });

  it('dropout draws a new mask for every batch, and the same masks for the same seed', () => {
    const dropout = layers.find((d) => d.kind === 'layer.dropout')!;
    const masks = (seed: number) => {
      const layer = dropout.build!(dropout.params.parse({ rate: 0.5 }), { tf, seed }) as tf.layers.Layer;
      return [0, 1, 2].map(() => tf.tidy(() => Array.from((layer.apply(tf.ones([1, 64]), { training: true }) as tf.Tensor).dataSync())));
    };
    const [first, second, third] = masks(3);
    expect(second).not.toEqual(first);
    expect(third).not.toEqual(second);
    expect(masks(3)).toEqual([first, second, third]);
  });
});

describe('preprocessing transforms', () => {
  const context = { seed: 1, partition: 'train' as const, epoch: 0 };
  const rows = (values: number[][]): DataTensor => ({ kind: 'tensor', shape: [values.length, values[0].length], dtype: 'float32', values: Float32Array.from(values.flat()) });
  /** The kind's data step fitted on `fitOn` (the training rows), then applied to `input`. */
  const transform = (kind: string, input: DataTensor, fitOn: DataTensor): number[] => {
    const def = nodeDefinitions.find((d) => d.kind === kind) as AnyNodeDefinition;
    const params = def.params.parse({});
    const { step } = def.data!;
    const state = step.fit?.(params, [fitOn], context);
    const [out] = step.apply(params, [input], state, context) as DataTensor[];
    return Array.from(out.values);
  };

  it('normalize maps the fitted range onto [0, 1]', () => {
    const fitOn = rows([[0, 255], [51, 102]]);
    expect(transform('preprocess.normalize', rows([[0, 255], [127.5, 510]]), fitOn)).toEqual([0, 1, 0.5, 2]);
  });

  it('standardize gives the fitted columns mean 0 and deviation 1, and leaves constant columns finite', () => {
    const fitOn = rows([[1, 10, 5], [3, 30, 5], [5, 50, 5]]);
    const out = transform('preprocess.standardize', fitOn, fitOn);
    const column = (c: number) => [out[c], out[3 + c], out[6 + c]];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const variance = (v: number[]) => mean(v.map((x) => (x - mean(v)) ** 2));
    expect([0, 1, 2].map((c) => Math.abs(mean(column(c))) < 1e-6)).toEqual([true, true, true]);
    expect([0, 1, 2].map((c) => Math.round(variance(column(c)) * 1e4) / 1e4)).toEqual([1, 1, 0]);
  });
});

describe('losses, metrics and optimizers build what tfjs accepts', () => {
  const byCategory = (category: string) => nodeDefinitions.filter((d) => d.category === category) as AnyNodeDefinition[];

  it.each(byCategory('loss').map((d) => [d.kind, d] as const))('%s compiles a model', (_kind, def) => {
    const loss = def.build!(def.params.parse({}), { tf, seed: 1 }) as string | LossFunction;
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
    expect(() => model.compile({ optimizer: 'sgd', loss })).not.toThrow();
    model.dispose();
  });

  it.each(byCategory('metric').map((d) => [d.kind, d] as const))('%s measures with lib/metrics and has a Keras name', (_kind, def) => {
    expect(typeof def.measure).toBe('function');
    expect((def.emit!(def.params.parse({}), { seed: ts`1` }) as EmitByCategory['metric']).name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  // Only metrics tfjs also logs on training batches build one; the others are measured after each epoch.
  it.each(byCategory('metric').filter((d) => d.build).map((d) => [d.kind, d] as const))('%s compiles a model', (_kind, def) => {
    const metric = def.build!(def.params.parse({}), { tf, seed: 1 }) as string;
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
    expect(() => model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: [metric] })).not.toThrow();
    model.dispose();
  });

  it.each(byCategory('optimizer').map((d) => [d.kind, d] as const))('%s builds an optimizer and carries the run settings', (_kind, def) => {
    const params = def.params.parse({ learningRate: 0.05, epochs: 3, batchSize: 8, seed: 9 });
    const optimizer = def.build!(params, { tf, seed: 1 }) as tf.Optimizer;
    expect(optimizer).toBeInstanceOf(tf.Optimizer);
    expect(def.training!(params)).toMatchObject({ learningRate: 0.05, epochs: 3, batchSize: 8, seed: 9 });
    optimizer.dispose();
  });
});
