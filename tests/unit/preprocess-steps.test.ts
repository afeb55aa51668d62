import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augment, augmentStep, type AugmentParams } from '@/lib/data/steps/augment';
import { labelEncodeStep } from '@/lib/data/steps/label-encode';
import { median, missingValuesStep, mostFrequent, type MissingValuesParams } from '@/lib/data/steps/missing-values';
import { oneHotStep } from '@/lib/data/steps/one-hot';
import { quantile, removeOutliersStep, type RemoveOutliersParams } from '@/lib/data/steps/remove-outliers';
import { reshapeStep, resolveShape } from '@/lib/data/steps/reshape';
import { resize, resizeStep } from '@/lib/data/steps/resize';
import { shuffleStep } from '@/lib/data/steps/shuffle';
import { timeWindowStep, windowCount } from '@/lib/data/steps/time-window';
import { tokenizeStep, words, type TokenizeParams, type TokenizeState } from '@/lib/data/steps/tokenize';
import { seededRandom } from '@/lib/engine/random';
import type { DataTensor, Table, Target } from '@/lib/data/table';
import { categories, context, fitApply, numbers, table, texts, valuesOf } from '../support/tables';

/** Every data step against values worked out by hand on small tables. */

describe('missing values', () => {
  const params = (p: Partial<MissingValuesParams>): MissingValuesParams => ({ strategy: 'mean', columns: 'a', fillValue: '0', ...p });

  it('fills number gaps with the mean of the training rows, in training and validation rows alike', () => {
    const train = table([numbers('a', [1, NaN, 3, 8]), numbers('b', [NaN, 1, 1, 1])]);
    const validation = table([numbers('a', [NaN, 2]), numbers('b', [NaN, NaN])]);
    const state = missingValuesStep.fit!(params({}), [train], context());
    expect(state).toEqual({ fills: { a: 4 } });
    const [out] = missingValuesStep.apply(params({}), [train], state, context('train'));
    expect(valuesOf(out, 'a')).toEqual([1, 4, 3, 8]);
    // Columns not chosen keep their gaps.
    expect(valuesOf(out, 'b')).toEqual([NaN, 1, 1, 1]);
    const [held] = missingValuesStep.apply(params({}), [validation], state, context('validation'));
    expect(valuesOf(held, 'a')).toEqual([4, 2]);
  });

  it('fills with the median: the middle value, or halfway between the two middle ones', () => {
    const train = table([numbers('a', [5, 1, NaN, 3, 10])]);
    expect(valuesOf(fitApply(missingValuesStep, params({ strategy: 'median' }), [train])[0], 'a')).toEqual([5, 1, 4, 3, 10]);
    expect(median([7, 1, 3])).toBe(3);
  });

  it('fills categories with the most frequent one, settling a tie alphabetically', () => {
    const train = table([categories('c', ['a', 'b', 'c'], ['b', 'a', null, 'b', 'a', 'c'])]);
    const [out] = fitApply(missingValuesStep, params({ strategy: 'mostFrequent', columns: 'c' }), [train]);
    expect(valuesOf(out, 'c')).toEqual(['b', 'a', 'a', 'b', 'a', 'c']);
    expect(mostFrequent([3, 1, 3, 1, 2])).toBe(1);
    expect(mostFrequent(['x', 'y', 'y'])).toBe('y');
  });

  it('fills with a constant: a number in number columns, a new category when it is not one yet', () => {
    const train = table([numbers('n', [NaN, 2]), categories('c', ['a'], [null, 'a']), texts('t', ['hi', null])]);
    const [out] = fitApply(missingValuesStep, params({ strategy: 'constant', columns: 'n, c, t', fillValue: '-1' }), [train]);
    expect(valuesOf(out, 'n')).toEqual([-1, 2]);
    expect(valuesOf(out, 'c')).toEqual(['-1', 'a']);
    expect((out as Table).columns[1]).toMatchObject({ categories: ['a', '-1'] });
    expect(valuesOf(out, 't')).toEqual(['hi', '-1']);
  });

  it('drops the rows with a gap in a chosen column, keeping every column aligned', () => {
    const train = table([numbers('a', [1, NaN, 3, 4]), categories('c', ['x', 'y'], ['x', 'y', null, 'y']), numbers('other', [10, 20, 30, NaN])]);
    const [out] = fitApply(missingValuesStep, params({ strategy: 'dropRow', columns: 'a, c' }), [train]);
    expect((out as Table).rows).toBe(2);
    expect(valuesOf(out, 'a')).toEqual([1, 4]);
    expect(valuesOf(out, 'c')).toEqual(['x', 'y']);
    expect(valuesOf(out, 'other')).toEqual([10, NaN]);
  });

  it('says which column has nothing to learn from when its training rows are all empty', () => {
    const train = table([numbers('a', [NaN, NaN])]);
    expect(() => missingValuesStep.fit!(params({}), [train], context())).toThrow(/"a" has no value in any training row.*constant/);
  });
});

describe('one-hot and label encoding', () => {
  const island = categories('island', ['Biscoe', 'Dream', 'Torgersen'], ['Dream', null, 'Biscoe', 'Mars']);
  const penguins = table([numbers('mass', [1, 2, 3, 4]), island, numbers('bill', [5, 6, 7, 8])]);

  it('one-hot: one 0/1 column per category of the schema, in place of the column; a gap or an unknown value is all zeros', () => {
    const [out] = oneHotStep.apply({ columns: 'island' }, [penguins], undefined, context('all')) as Table[];
    expect(out.columns.map((c) => c.name)).toEqual(['mass', 'island=Biscoe', 'island=Dream', 'island=Torgersen', 'bill']);
    expect(valuesOf(out, 'island=Biscoe')).toEqual([0, 0, 1, 0]);
    expect(valuesOf(out, 'island=Dream')).toEqual([1, 0, 0, 0]);
    expect(valuesOf(out, 'island=Torgersen')).toEqual([0, 0, 0, 0]);
    expect(out.columns.every((c) => c.type === 'number')).toBe(true);
  });

  it('label encoding: the index in the schema; a gap or an unknown value stays a gap (NaN)', () => {
    const [out] = labelEncodeStep.apply({ columns: 'island' }, [penguins], undefined, context('all')) as Table[];
    expect(out.columns.map((c) => [c.name, c.type])).toEqual([
      ['mass', 'number'],
      ['island', 'number'],
      ['bill', 'number'],
    ]);
    expect(valuesOf(out, 'island')).toEqual([1, NaN, 0, NaN]);
  });
});

describe('remove outliers', () => {
  const params = (p: Partial<RemoveOutliersParams>): RemoveOutliersParams => ({ method: 'zScore', threshold: 1.5, factor: 1.5, columns: 'a', ...p });

  it('bounds read back from JSON equal the fitted ones: no -0 (found by the property test)', () => {
    const tiny = table([numbers('a', [7.4e-323, -8e-323])]);
    for (const method of ['zScore', 'iqr'] as const) {
      const state = removeOutliersStep.fit!(params({ method }), [tiny], context());
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    }
  });

  it('z-score: drops training rows beyond threshold standard deviations of the training mean', () => {
    // mean 2, standard deviation 4: the range is 2 ± 6 = [-4, 8].
    const train = table([numbers('a', [0, 0, 0, 0, 10, NaN]), numbers('id', [1, 2, 3, 4, 5, 6])]);
    const state = removeOutliersStep.fit!(params({}), [train], context());
    expect(state).toEqual({ bounds: { a: { low: -4, high: 8 } } });
    const [out] = removeOutliersStep.apply(params({}), [train], state, context('train'));
    // A gap is not an outlier.
    expect(valuesOf(out, 'id')).toEqual([1, 2, 3, 4, 6]);
  });

  it('IQR: drops training rows beyond factor interquartile ranges of the quartiles', () => {
    // numpy: quantile([1..9, 100], [.25, .75]) = [3.25, 7.75]; IQR 4.5; range [-3.5, 14.5].
    const train = table([numbers('a', [1, 2, 3, 4, 5, 6, 7, 8, 9, 100])]);
    const state = removeOutliersStep.fit!(params({ method: 'iqr' }), [train], context());
    expect(state.bounds.a.low).toBeCloseTo(-3.5, 10);
    expect(state.bounds.a.high).toBeCloseTo(14.5, 10);
    expect(valuesOf(removeOutliersStep.apply(params({ method: 'iqr' }), [train], state, context('train'))[0], 'a')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(quantile(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
  });

  it('passes validation and test rows unchanged: the model is judged on data as it comes', () => {
    const train = table([numbers('a', [0, 0, 0, 0, 10])]);
    const held = table([numbers('a', [1000, -1000, 1])]);
    for (const partition of ['validation', 'test'] as const) {
      const [out] = fitApply(removeOutliersStep, params({}), [train], { inputs: [held], partition });
      expect(out).toBe(held);
    }
  });
});

describe('shuffle', () => {
  const rows = table([numbers('a', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), texts('b', ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])], true);
  const order = (seed: number) => valuesOf(shuffleStep.apply({}, [rows], undefined, context('all', seed))[0], 'a') as number[];

  it('reorders the rows with the seed, keeping each row whole, and the rows are no longer in time order', () => {
    const [out] = shuffleStep.apply({}, [rows], undefined, context('all', 3)) as Table[];
    const a = valuesOf(out, 'a') as number[];
    expect([...a].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(valuesOf(out, 'b')).toEqual(a.map(String));
    expect(out.ordered).toBe(false);
    expect(order(3)).toEqual(a);
    expect(order(4)).not.toEqual(a);
  });
});

describe('tokenize', () => {
  const params = (p: Partial<TokenizeParams> = {}): TokenizeParams => ({
    column: 'text',
    lowercase: true,
    vocabularySize: 6,
    sequenceLength: 4,
    padding: 'post',
    truncating: 'post',
    ...p,
  });
  const train = table([texts('text', ['The cat sat.', 'the dog, the CAT!', null, "Don't stop"])]);

  it('splits words on anything but letters, digits and inner apostrophes', () => {
    expect(words("Don't stop: 2 cafés, O'Neil's!", true)).toEqual(["don't", 'stop', '2', 'cafés', "o'neil's"]);
    expect(words('Free FREE', false)).toEqual(['Free', 'FREE']);
  });

  it('learns the most frequent training words, ties in alphabetical order, as many as the vocabulary size leaves after 0 and 1', () => {
    // the 3, cat 2, then dog, don't, sat, stop once each: four words fit after the two reserved ids.
    expect(tokenizeStep.fit!(params(), [train], context())).toEqual({ words: ['the', 'cat', 'dog', "don't"] });
    // Case kept: "the" twice, then seven words once each, in code point order (capitals first).
    expect(tokenizeStep.fit!(params({ lowercase: false, vocabularySize: 5 }), [train], context())).toEqual({ words: ['the', 'CAT', "Don't"] });
  });

  it('maps words to ids (1 outside the vocabulary), pads and truncates at the chosen ends', () => {
    const state: TokenizeState = { words: ['the', 'cat', 'dog', "don't"] };
    const run = (text: string | null, p: Partial<TokenizeParams>) =>
      Array.from((tokenizeStep.apply(params(p), [table([texts('text', [text])])], state, context('validation'))[0] as DataTensor).values);
    expect(run('The cat sat on the dog', {})).toEqual([2, 3, 1, 1]);
    expect(run('The cat sat on the dog', { truncating: 'pre' })).toEqual([1, 1, 2, 4]);
    expect(run('cat', {})).toEqual([3, 0, 0, 0]);
    expect(run('cat', { padding: 'pre' })).toEqual([0, 0, 0, 3]);
    expect(run(null, {})).toEqual([0, 0, 0, 0]);
    const [tensor] = tokenizeStep.apply(params(), [train], state, context('train')) as DataTensor[];
    expect(tensor).toMatchObject({ kind: 'tensor', shape: [4, 4], dtype: 'int32' });
  });
});

describe('time windows', () => {
  const weather = table([numbers('temp', [10, 11, 12, 13, 14, 15]), numbers('rain', [0, 1, 0, 1, 0, 1])], true);

  it('window i holds rows i .. i + steps - 1, labelled with the target horizon rows after its last row', () => {
    const [features, labels] = timeWindowStep.apply({ columns: 'temp, rain', target: 'temp', steps: 2, horizon: 1 }, [weather], undefined, context('train')) as [DataTensor, Target];
    expect(features.shape).toEqual([4, 2, 2]);
    expect(Array.from(features.values)).toEqual([10, 0, 11, 1, 11, 1, 12, 0, 12, 0, 13, 1, 13, 1, 14, 0]);
    expect(labels).toEqual({ kind: 'numbers', names: ['temp'], values: Float32Array.from([12, 13, 14, 15]) });
  });

  it('a longer horizon forecasts further ahead and gives fewer windows; a part too short gives none', () => {
    const [features, labels] = timeWindowStep.apply({ columns: 'rain', target: 'temp', steps: 3, horizon: 2 }, [weather], undefined, context('train')) as [DataTensor, Target];
    expect(features.shape).toEqual([2, 3, 1]);
    expect(Array.from(features.values)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(labels.values)).toEqual([14, 15]);
    const short = table([numbers('temp', [1, 2]), numbers('rain', [0, 0])], true);
    const [none] = timeWindowStep.apply({ columns: 'temp', target: 'temp', steps: 2, horizon: 1 }, [short], undefined, context('validation')) as DataTensor[];
    expect(none.shape).toEqual([0, 2, 1]);
    expect(windowCount(10, 3, 1)).toBe(7);
  });
});

/** `count` random images of `height` x `width` x `channels` pixels. */
function images(count: number, height: number, width: number, channels: number, seed = 1): DataTensor {
  const random = seededRandom(seed);
  return { kind: 'tensor', shape: [count, height, width, channels], dtype: 'float32', values: Float32Array.from({ length: count * height * width * channels }, () => random()) };
}

describe('augment', () => {
  const params: AugmentParams = { horizontalFlip: true, rotation: 15, zoom: 0.1, translation: 0.1, fillMode: 'nearest' };
  const batch = images(6, 8, 8, 1);

  it('is the same for a seed and an epoch, different across epochs and seeds', () => {
    const run = (seed: number, epoch: number) => (augmentStep.apply(params, [batch], undefined, context('train', seed, epoch))[0] as DataTensor).values;
    expect(run(5, 0)).toEqual(run(5, 0));
    expect(run(5, 1)).not.toEqual(run(5, 0));
    expect(run(6, 0)).not.toEqual(run(5, 0));
    expect(run(5, 0)).not.toEqual(batch.values);
  });

  it('leaves validation and test images as they are, and is re-applied every epoch', () => {
    expect(augmentStep.perEpoch).toBe(true);
    for (const partition of ['validation', 'test'] as const) {
      expect(augmentStep.apply(params, [batch], undefined, context(partition, 5, 3))[0]).toBe(batch);
    }
  });

  it('with every variation at 0 it gives the images back exactly', () => {
    const none: AugmentParams = { horizontalFlip: false, rotation: 0, zoom: 0, translation: 0, fillMode: 'constant' };
    expect(augment(batch, none, seededRandom(1)).values).toEqual(batch.values);
  });

  it('a flip alone mirrors about half of the images left to right and leaves the others', () => {
    const flipOnly: AugmentParams = { horizontalFlip: true, rotation: 0, zoom: 0, translation: 0, fillMode: 'nearest' };
    const x = images(40, 3, 4, 2);
    const out = augment(x, flipOnly, seededRandom(9));
    const size = 3 * 4 * 2;
    let flipped = 0;
    for (let r = 0; r < 40; r++) {
      const source = x.values.subarray(r * size, (r + 1) * size);
      const result = out.values.subarray(r * size, (r + 1) * size);
      const mirrored = Float32Array.from({ length: size }, (_, i) => {
        const [y, col, ch] = [Math.floor(i / 8), Math.floor(i / 2) % 4, i % 2];
        return source[(y * 4 + (3 - col)) * 2 + ch];
      });
      if (result.every((v, i) => v === mirrored[i])) flipped++;
      else expect(result).toEqual(source);
    }
    expect(flipped).toBeGreaterThan(10);
    expect(flipped).toBeLessThan(30);
  });

  it('a half turn of a square image, read at exact pixels, is the image upside down and mirrored', () => {
    // rotation 180 draws angles in [-180, 180]: check the sampling with the angle fixed at 180 by a random source that always returns 1.
    const x = images(1, 3, 3, 1);
    const halfTurn = augment(x, { horizontalFlip: false, rotation: 180, zoom: 0, translation: 0, fillMode: 'constant' }, () => 1 - Number.EPSILON);
    expect(Array.from(halfTurn.values).map((v) => Number(v.toFixed(4)))).toEqual(Array.from(x.values).reverse().map((v) => Number(v.toFixed(4))));
  });
});

describe('resize and reshape', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('bilinear resize with aligned pixel centres, worked by hand on a 2 x 2 image', () => {
    const x: DataTensor = { kind: 'tensor', shape: [1, 2, 2, 1], dtype: 'float32', values: Float32Array.from([0, 1, 2, 3]) };
    const [out] = resizeStep.apply({ height: 4, width: 4 }, [x], undefined, context('all')) as DataTensor[];
    expect(out.shape).toEqual([1, 4, 4, 1]);
    expect(Array.from(out.values)).toEqual([0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3]);
  });

  it('computes what tfjs resizeBilinear with half-pixel centres computes, up and down', () => {
    const x = images(2, 28, 20, 3);
    for (const [height, width] of [
      [14, 10],
      [32, 33],
      [7, 40],
    ]) {
      const expected = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(x.values, [2, 28, 20, 3]), [height, width], false, true).dataSync());
      const actual = resize(x, height, width).values;
      expect(actual.length).toBe(expected.length);
      const worst = Array.from(actual).reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
      expect(worst, `${height} x ${width}`).toBeLessThan(1e-5);
    }
  });

  it('reshape keeps the values and their order, and keeps ids as ids', () => {
    const x: DataTensor = { kind: 'tensor', shape: [2, 6], dtype: 'int32', values: Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) };
    const [out] = reshapeStep.apply({ targetShape: '3, -1' }, [x], undefined, context('all')) as DataTensor[];
    expect(out).toEqual({ ...x, shape: [2, 3, 2] });
    expect(resolveShape('2,3', 6)).toEqual([2, 3]);
    for (const bad of ['4, -1', '-1, -1', '2, 0', 'x', '', '2.5, 2']) expect(resolveShape(bad, 6), bad).toBeUndefined();
    expect(() => reshapeStep.apply({ targetShape: '5' }, [x], undefined, context('all'))).toThrow(/6 values/);
  });
});
