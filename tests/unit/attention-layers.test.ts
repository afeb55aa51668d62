import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  attentionLayers,
  positionalEmbeddingParams,
  selfAttentionParams,
  transformerEncoderParams,
} from '@/lib/layers/attention';

/** The custom attention layers are real tfjs layers: they train, save and load like tfjs's own. */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { MultiHeadSelfAttention, TransformerEncoder, PositionalEmbedding } = attentionLayers(tf);

/** Token ids as a float tensor, as a model input holds them. */
function tokenIds(rows: number, steps: number, vocabulary: number, seed: number): tf.Tensor {
  return tf.floor(tf.randomUniform([rows, steps], 0, vocabulary, 'float32', seed));
}

/** A model with every kind of attention layer: ids -> embedding -> encoder -> self-attention -> one score. */
function attentionModel(vocabulary: number, steps: number, seed: number): tf.LayersModel {
  const input = tf.input({ shape: [steps] });
  const embedded = new PositionalEmbedding({ vocabularySize: vocabulary, sequenceLength: steps, embedDim: 8, seed }).apply(input);
  const encoded = new TransformerEncoder({ numHeads: 2, keyDim: 4, ffDim: 16, activation: 'gelu', seed: seed + 10 }).apply(embedded);
  const attended = new MultiHeadSelfAttention({ numHeads: 2, keyDim: 3, seed: seed + 20 }).apply(encoded);
  const pooled = tf.layers.globalAveragePooling1d().apply(attended);
  const output = tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed }) }).apply(pooled);
  return tf.model({ inputs: input, outputs: output as tf.SymbolicTensor });
}

describe('the attention layers', () => {
  it('keep the shape of a sequence, and count their parameters as the exported formulas do', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 24 }),
        fc.constantFrom<'relu' | 'gelu'>('relu', 'gelu'),
        (steps, modelDim, numHeads, keyDim, ffDim, activation) => {
          const attention = new MultiHeadSelfAttention({ numHeads, keyDim, seed: 1 });
          const encoder = new TransformerEncoder({ numHeads, keyDim, ffDim, activation, seed: 1 });
          for (const [layer, params] of [
            [attention, selfAttentionParams(modelDim, numHeads, keyDim)],
            [encoder, transformerEncoderParams(modelDim, numHeads, keyDim, ffDim)],
          ] as const) {
            const output = layer.apply(tf.input({ shape: [steps, modelDim] })) as tf.SymbolicTensor;
            expect(output.shape).toEqual([null, steps, modelDim]);
            expect(layer.countParams()).toBe(params);
            const values = tf.tidy(() => layer.apply(tf.randomNormal([2, steps, modelDim], 0, 1, 'float32', 3)) as tf.Tensor);
            expect(values.shape).toEqual([2, steps, modelDim]);
            values.dispose();
            layer.dispose();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('embed ids with their position, as [?, steps, embedDim]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 16 }),
        (vocabularySize, sequenceLength, embedDim) => {
          const layer = new PositionalEmbedding({ vocabularySize, sequenceLength, embedDim, seed: 2 });
          const output = layer.apply(tf.input({ shape: [sequenceLength] })) as tf.SymbolicTensor;
          expect(output.shape).toEqual([null, sequenceLength, embedDim]);
          expect(layer.countParams()).toBe(positionalEmbeddingParams(vocabularySize, sequenceLength, embedDim));
          layer.dispose();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('count what Keras counts for its Transformer text classifier, less the key bias that cannot learn', () => {
    // keras.io "Text classification with Transformer": embed_dim 32, num_heads 2 (key_dim 32), ff_dim 32,
    // maxlen 200, vocab 20,000. Keras counts 10,656 for the block; its key bias is 2 x 32 of them.
    expect(transformerEncoderParams(32, 2, 32, 32)).toBe(10_656 - 2 * 32);
    expect(positionalEmbeddingParams(20_000, 200, 32)).toBe(646_400);
  });

  it('adds each token vector to the vector of its position', () => {
    const layer = new PositionalEmbedding({ vocabularySize: 5, sequenceLength: 3, embedDim: 2, seed: 4 });
    const out = layer.apply(tf.tensor2d([[4, 0, 4]])) as tf.Tensor;
    const [tokens, positions] = layer.getWeights().map((w) => w.arraySync() as number[][]);
    const expected = [4, 0, 4].map((id, step) => tokens[id].map((v, i) => v + positions[step][i]));
    const actual = out.arraySync() as number[][][];
    actual[0].forEach((row, step) => row.forEach((v, i) => expect(v).toBeCloseTo(expected[step][i], 6)));
  });

  it('attend within each sample only: changing one sample leaves the others alone', () => {
    const layer = new TransformerEncoder({ numHeads: 2, keyDim: 3, ffDim: 8, seed: 5 });
    const a = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 1);
    const b = tf.concat([a.slice([0, 0, 0], [2, 4, 6]), tf.randomNormal([1, 4, 6], 0, 1, 'float32', 2)]);
    const [outA, outB] = [a, b].map((x) => (layer.apply(x) as tf.Tensor).slice([0, 0, 0], [2, 4, 6]).arraySync() as number[][][]);
    outA.flat(2).forEach((v, i) => expect(outB.flat(2)[i]).toBeCloseTo(v, 5));
  });

  it('give every trainable weight a gradient', () => {
    const model = attentionModel(7, 5, 11);
    const x = tokenIds(6, 5, 7, 1);
    const y = tf.tensor2d([[1], [0], [1], [0], [0], [1]]);
    const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    // 2 embeddings; encoder: 7 attention weights, 2 norms x 2, 2 x (kernel + bias); attention: 7; the dense: 2.
    expect(variables).toHaveLength(2 + 7 + 4 + 4 + 7 + 2);
    const { grads } = tf.variableGrads(() => tf.losses.sigmoidCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, variables);
    const silent = variables.filter((v) => tf.norm(grads[v.name]).dataSync()[0] < 1e-6).map((v) => v.name);
    expect(silent).toEqual([]);
  });

  it('save and load through tfjs with their weights, giving the same outputs', async () => {
    const model = attentionModel(9, 4, 21);
    const x = tokenIds(3, 4, 9, 2);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(model.layers.map((l) => l.getClassName()));
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    // The config alone rebuilds the same layers, seeds included.
    const rebuilt = await tf.models.modelFromJSON(model.toJSON(undefined, false) as unknown as tf.io.ModelJSON);
    expect(rebuilt.layers.map((l) => l.getConfig())).toEqual(model.layers.map((l) => l.getConfig()));
    expect(Array.from((rebuilt.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  it('start from the same weights for the same seed', () => {
    const weights = (seed: number) => attentionModel(6, 3, seed).getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(3)).toEqual(weights(3));
    expect(weights(4)).not.toEqual(weights(3));
  });

  it('learn: a tiny Transformer finds which sequences hold token 1', async () => {
    const rows = 64;
    const x = tokenIds(rows, 6, 6, 9);
    const y = tf.tidy(() => tf.any(tf.equal(x, 1), 1).toFloat().reshape([rows, 1]));
    const model = attentionModel(6, 6, 31);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(x, y, { epochs: 25, batchSize: 16, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    expect((history.history.acc as number[]).at(-1)).toBeGreaterThan(0.9);
  }, 60_000);
});
