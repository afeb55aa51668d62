import fc from 'fast-check';
import type { PortInfo } from '@/nodes/define-node';
import { activation, activationLayerChoice } from '@/nodes/shared';

/**
 * Generated parameter sets and inputs for every layer kind: the contract test checks each against
 * tfjs. Mostly inputs the layer accepts, with a share of ones it must reject (wrong rank, windows
 * larger than the input, element counts that do not fit), so both sides of inferShape are tried.
 */
export interface LayerCase {
  params: Record<string, unknown>;
  /** One sample's shape (without the batch axis). */
  input: number[];
  /** What compile knows about the input: `ids` for integer ids. */
  info: PortInfo;
}

const size = (max: number) => fc.integer({ min: 1, max });
const shapeOfRank = (rank: number, max = 6) => fc.array(size(max), { minLength: rank, maxLength: rank });
const anyShape = fc.integer({ min: 1, max: 3 }).chain((rank) => shapeOfRank(rank));
const measurements = (input: fc.Arbitrary<number[]>, params: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<LayerCase> =>
  fc.record({ params, input, info: fc.constant({}) });

const padding = fc.constantFrom('valid', 'same');
const layerActivation = fc.constantFrom(...activation.options);

/** Mostly the rank the layer reads, sometimes one off. */
const mostlyRank = (rank: number, max: number) =>
  fc.oneof({ weight: 6, arbitrary: shapeOfRank(rank, max) }, { weight: 1, arbitrary: shapeOfRank(rank === 2 ? 1 : rank - 1, max) });

const convolution = (dims: 1 | 2, extra: Record<string, fc.Arbitrary<unknown>> = {}) =>
  measurements(
    mostlyRank(dims + 1, 12),
    fc.record({ filters: size(6), kernelSize: size(5), strides: size(3), padding, activation: layerActivation, useBias: fc.boolean(), ...extra }),
  );

const pooling = (dims: 1 | 2) =>
  measurements(mostlyRank(dims + 1, 12), fc.record({ poolSize: size(4), strides: fc.option(size(4), { nil: undefined }), padding }));

const globalPooling = (dims: 1 | 2) => measurements(mostlyRank(dims + 1, 8), fc.constant({}));

/** A target shape for samples of `input`: ones that fit, with -1 or without, and ones that do not. */
const reshapeCase = shapeOfRank(2, 6).chain((input) => {
  const [a, b] = input;
  const targets = [`${a * b}`, `${b},${a}`, `-1,${a}`, `${a}, -1`, '-1,1', `[${a}, ${b}, 1]`, `1,-1,${b}`, `${a * b + 1}`, `${a},${b + 1}`, '-1,-1', '2.5', 'a,b', ''];
  return fc.record({ params: fc.record({ targetShape: fc.constantFrom(...targets) }), input: fc.constant(input), info: fc.constant({}) });
});

const embeddingCase: fc.Arbitrary<LayerCase> = fc
  .record({ ids: size(20), steps: shapeOfRank(1, 6), outputDim: size(8), extraRows: fc.option(fc.integer({ min: -3, max: 5 }), { nil: undefined }), floats: fc.integer({ min: 0, max: 4 }) })
  .map(({ ids, steps, outputDim, extraRows, floats }) => ({
    params: { outputDim, ...(extraRows === undefined ? {} : { inputDim: Math.max(1, ids + extraRows) }) },
    input: steps,
    // Floats now and then: Embedding must refuse them.
    info: floats === 0 ? {} : { ids },
  }));

/** Token ids into a Positional embedding: sizes left to follow the input, or set, sometimes too small; floats now and then. */
const positionalCase: fc.Arbitrary<LayerCase> = fc
  .record({
    ids: size(20),
    steps: shapeOfRank(1, 6),
    embedDim: size(8),
    vocabulary: fc.option(fc.integer({ min: -3, max: 5 }), { nil: undefined }),
    length: fc.option(fc.integer({ min: -2, max: 3 }), { nil: undefined }),
    floats: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ ids, steps, embedDim, vocabulary, length, floats }) => ({
    params: {
      embedDim,
      ...(vocabulary === undefined ? {} : { vocabularySize: Math.max(1, ids + vocabulary) }),
      ...(length === undefined ? {} : { sequenceLength: Math.max(1, steps[0] + length) }),
    },
    input: steps,
    info: floats === 0 ? {} : { ids },
  }));

const heads = { numHeads: size(3), keyDim: size(4) };
/**
 * Sequences of at least two steps, and now and then rows: over one step, attention's softmax is 1
 * whatever the query and key, so they would learn nothing and the training check could not tell.
 */
const attentionInput = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 2, max: 5 }), size(5)) },
  { weight: 1, arbitrary: shapeOfRank(1, 5) },
);

const recurrent = measurements(
  mostlyRank(2, 5),
  fc.record({ units: size(6), activation: layerActivation, returnSequences: fc.boolean(), bidirectional: fc.boolean() }),
);

export const layerArbitraries: Record<string, fc.Arbitrary<LayerCase>> = {
  'layer.dense': measurements(anyShape, fc.record({ units: size(8), activation: layerActivation, useBias: fc.boolean() })),
  'layer.conv2d': convolution(2),
  'layer.separableConv2d': convolution(2, { depthMultiplier: size(3) }),
  'layer.conv1d': convolution(1),
  'layer.maxPool2d': pooling(2),
  'layer.averagePool2d': pooling(2),
  'layer.maxPool1d': pooling(1),
  'layer.averagePool1d': pooling(1),
  'layer.globalAveragePool2d': globalPooling(2),
  'layer.globalMaxPool2d': globalPooling(2),
  'layer.globalAveragePool1d': globalPooling(1),
  'layer.globalMaxPool1d': globalPooling(1),
  'layer.flatten': measurements(fc.integer({ min: 1, max: 3 }).chain((rank) => shapeOfRank(rank)), fc.constant({})),
  'layer.reshape': reshapeCase,
  'layer.dropout': measurements(anyShape, fc.record({ rate: fc.double({ min: 0, max: 0.9, noNaN: true }) })),
  'layer.activation': measurements(anyShape, fc.record({ activation: fc.constantFrom(...activationLayerChoice.options) })),
  'layer.embedding': embeddingCase,
  'layer.simpleRnn': recurrent,
  'layer.lstm': recurrent,
  'layer.multiHeadAttention': measurements(attentionInput, fc.record(heads)),
  'layer.transformerEncoder': measurements(attentionInput, fc.record({ ...heads, ffDim: size(8), activation: fc.constantFrom('relu', 'gelu') })),
  'layer.positionalEmbedding': positionalCase,
  'layer.gru': recurrent,
  'layer.batchNormalization': measurements(
    anyShape,
    fc.record({ momentum: fc.double({ min: 0, max: 0.999, noNaN: true }), epsilon: fc.double({ min: 1e-6, max: 0.1, noNaN: true }) }),
  ),
  'layer.layerNormalization': measurements(anyShape, fc.record({ epsilon: fc.double({ min: 1e-6, max: 0.1, noNaN: true }) })),
};
