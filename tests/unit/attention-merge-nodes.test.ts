import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getNodeDefinition } from '@/nodes';
import type { AnyNodeDefinition, PortInfo, ShapeResult } from '@/nodes/define-node';
import type { Shape } from '@/lib/shape/shape';

/**
 * The attention and merge nodes against tfjs over generated params and shapes: where a node
 * accepts its inputs, tfjs builds the same output shape and counts the same parameters; where it
 * refuses them, it says why with a hint.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const node = (kind: string) => getNodeDefinition(kind) as AnyNodeDefinition;
const withBatch = (shape: number[]): Shape => [null, ...shape];

/** What tfjs builds from the node on symbolic inputs of these shapes: the output shape and its parameters, or the error. */
function tfjsBuild(def: AnyNodeDefinition, params: Record<string, unknown>, inputs: number[][]): { shape: Shape; params: number } | { error: string } {
  const layer = def.build!(params, { tf, seed: 3 }) as tf.layers.Layer;
  try {
    const symbolic = inputs.map((shape) => tf.input({ shape }));
    const output = layer.apply(symbolic.length === 1 ? symbolic[0] : symbolic) as tf.SymbolicTensor;
    return { shape: output.shape, params: layer.countParams() };
  } catch (e) {
    return { error: String(e) };
  } finally {
    // tfjs refuses to dispose a layer that never got built (its inputs were refused).
    if (layer.built) layer.dispose();
  }
}

function expectAgreement(def: AnyNodeDefinition, params: Record<string, unknown>, inputs: number[][], info: PortInfo[] = inputs.map(() => ({}))) {
  const p = def.params.parse(params);
  const shapes = inputs.map(withBatch);
  const inferred = def.inferShape(p, shapes, info);
  if (!inferred.ok) {
    expect(inferred.hint.length).toBeGreaterThan(0);
    return inferred;
  }
  const built = tfjsBuild(def, p, inputs);
  expect(built, `${def.kind} ${JSON.stringify(p)} on ${JSON.stringify(inputs)}`).toEqual({ shape: inferred.shapes[0], params: def.paramCount!(p, shapes) });
  return inferred;
}

const size = fc.integer({ min: 1, max: 6 });
const sampleShape = fc.array(size, { minLength: 1, maxLength: 3 });

describe('merge nodes agree with tfjs', () => {
  it('Add and Multiply accept equal shapes, and refuse others naming both', () => {
    fc.assert(
      fc.property(fc.constantFrom('layer.add', 'layer.multiply'), sampleShape, sampleShape, fc.boolean(), (kind, a, other, same) => {
        const b = same ? a : other;
        const result = expectAgreement(node(kind), {}, [a, b]);
        expect(result.ok).toBe(JSON.stringify(a) === JSON.stringify(b));
        if (!result.ok) expect(result.message).toContain(`a is [?, ${a.join(', ')}] and b is [?, ${b.join(', ')}]`);
      }),
      { numRuns: 60 },
    );
  });

  it('Concatenate accepts exactly what tfjs accepts', () => {
    fc.assert(
      fc.property(sampleShape, sampleShape, size, fc.boolean(), (a, other, last, alike) => {
        // Half the cases share every axis but the last, the case that joins.
        const b = alike ? [...a.slice(0, -1), last] : other;
        const def = node('layer.concatenate');
        const result = expectAgreement(def, {}, [a, b]);
        expect(result.ok).toBe(!('error' in tfjsBuild(def, {}, [a, b])));
        if (!result.ok) {
          expect(result.code).toBe('E_SHAPE_MISMATCH');
          expect(result.message).toContain(`a is [?, ${a.join(', ')}] and b is [?, ${b.join(', ')}]`);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('Dot agrees with tfjs on rows and sequences, and refuses sizes that differ on its axis', () => {
    fc.assert(
      fc.property(
        fc.array(size, { minLength: 1, maxLength: 2 }),
        fc.array(size, { minLength: 1, maxLength: 2 }),
        fc.constantFrom(-1, 1, 2),
        fc.boolean(),
        fc.boolean(),
        (a, other, axes, normalize, alike) => {
          const axis = axes < 0 ? a.length : axes;
          // Half the cases share the axis they multiply along.
          const b = alike && other.length === a.length && axis <= a.length ? other.map((d, i) => (i === axis - 1 ? a[axis - 1] : d)) : other;
          const def = node('layer.dot');
          const result = expectAgreement(def, { axes, normalize }, [a, b]);
          if (a.length === b.length && axis <= a.length) {
            expect(result.ok).toBe(!('error' in tfjsBuild(def, def.params.parse({ axes, normalize }), [a, b])));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('blame the layer feeding b, with the fix, when only the last axis differs', () => {
    for (const [kind, params] of [['layer.add', {}], ['layer.multiply', {}], ['layer.dot', {}]] as const) {
      const def = node(kind);
      const result = def.inferShape(def.params.parse(params), [[null, 8], [null, 5]], [{}, {}]) as ShapeResult & { ok: false };
      expect(result).toMatchObject({ ok: false, code: 'E_SHAPE_MISMATCH', blamePort: 'b', fix: { params: { units: 8 } } });
    }
    const dot = node('layer.dot');
    expect(dot.inferShape(dot.params.parse({ axes: 0 }), [[null, 4], [null, 4]], [{}, {}])).toMatchObject({ ok: false, fix: { params: { axes: -1 } } });
    expect(dot.inferShape(dot.params.parse({ axes: 2 }), [[null, 4], [null, 4]], [{}, {}])).toMatchObject({ ok: false, fix: { params: { axes: -1 } } });
  });
});

describe('attention nodes agree with tfjs', () => {
  const heads = { numHeads: fc.integer({ min: 1, max: 4 }), keyDim: fc.integer({ min: 1, max: 8 }) };

  it('Multi-head attention and Transformer encoder keep a sequence shape and count its parameters', () => {
    fc.assert(
      fc.property(
        fc.record({ ...heads, ffDim: fc.integer({ min: 1, max: 32 }), activation: fc.constantFrom('relu', 'gelu') }),
        fc.tuple(size, fc.integer({ min: 1, max: 16 })),
        (params, [steps, features]) => {
          expect(expectAgreement(node('layer.multiHeadAttention'), { numHeads: params.numHeads, keyDim: params.keyDim }, [[steps, features]]).ok).toBe(true);
          expect(expectAgreement(node('layer.transformerEncoder'), params, [[steps, features]]).ok).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuse rank-2 data with the nodes that make sequences', () => {
    for (const kind of ['layer.multiHeadAttention', 'layer.transformerEncoder']) {
      const def = node(kind);
      const result = def.inferShape(def.params.parse({}), [[null, 12]], [{}]);
      expect(result).toMatchObject({ ok: false, code: 'E_RANK' });
      if (!result.ok) expect(result.hint).toMatch(/Time windowing, Reshape or Embedding/);
    }
  });

  it('Positional embedding picks its vocabulary and length from the ids it reads, and builds what it infers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 16 }), (ids, steps, embedDim) => {
        const def = node('layer.positionalEmbedding');
        const info = [{ ids }];
        const picked = def.autoFromInputs!(def.params.parse({ embedDim }), [withBatch([steps])], info);
        expect({ vocabularySize: picked.vocabularySize.value, sequenceLength: picked.sequenceLength.value }).toEqual({ vocabularySize: ids, sequenceLength: steps });
        expect(expectAgreement(def, { embedDim, vocabularySize: ids, sequenceLength: steps }, [[steps]], info).ok).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('Positional embedding refuses measurements, and offers the sizes its input needs', () => {
    const def = node('layer.positionalEmbedding');
    expect(def.inferShape(def.params.parse({}), [[null, 10]], [{}])).toMatchObject({ ok: false, code: 'E_EMBEDDING_FLOAT' });
    expect(def.inferShape(def.params.parse({ vocabularySize: 20, sequenceLength: 10 }), [[null, 10]], [{ ids: 30 }])).toMatchObject({
      ok: false,
      code: 'E_VOCABULARY_SIZE',
      fix: { params: { vocabularySize: 30 } },
    });
    expect(def.inferShape(def.params.parse({ vocabularySize: 30, sequenceLength: 8 }), [[null, 10]], [{ ids: 30 }])).toMatchObject({
      ok: false,
      code: 'E_SEQUENCE_LENGTH',
      fix: { params: { sequenceLength: 10 } },
    });
  });
});
