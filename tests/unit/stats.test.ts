import { describe, expect, it } from 'vitest';
import {
  classBalance,
  describeColumn,
  describeTable,
  describeTarget,
  describeTensor,
  downsampleMinMax,
  formatNumber,
  HISTOGRAM_BINS,
  type CategoryColumnStats,
  type NumberColumnStats,
} from '@/lib/data/stats';
import { normalizeStep } from '@/lib/data/steps/normalize';
import type { Column, DataTensor } from '@/lib/data/table';
import { categories, fitApply, numbers, table, texts } from '../support/tables';

/** The preview's statistics against values worked out by hand on small columns. */

const numberStats = (values: number[], rows?: number[]) => describeColumn(numbers('x', values), rows) as NumberColumnStats;
const labelStats = (c: Column, rows?: number[]) => describeColumn(c, rows) as CategoryColumnStats;

describe('number columns', () => {
  it('counts, averages and spreads the present values (population std), NaN counted as missing', () => {
    // Present: 2 4 4 4 5 5 7 9, sum 40, mean 5; squared deviations 9 1 1 1 0 0 4 16 = 32; 32 / 8 = 4, std 2.
    const stats = numberStats([2, 4, 4, NaN, 4, 5, 5, 7, 9]);
    expect(stats).toMatchObject({
      type: 'number',
      count: 8,
      missing: 1,
      mean: 5,
      std: 2,
      min: 2,
      max: 9,
    });
    // 2, 4, 5, 7 and 9.
    expect(stats.distinct).toBe(5);
  });

  it('bins the values into 20 equal-width bins from min to max, the maximum in the last one', () => {
    // 0..20 in steps of 1: width (20 - 0) / 20 = 1, so bin i holds the value i, and the last one 19 and 20.
    const stats = numberStats([...Array.from({ length: 21 }, (_, i) => i), NaN]);
    expect(stats.bins).toHaveLength(HISTOGRAM_BINS);
    expect(stats.bins[0]).toEqual({ from: 0, to: 1, count: 1 });
    expect(stats.bins[7]).toEqual({ from: 7, to: 8, count: 1 });
    expect(stats.bins[19]).toEqual({ from: 19, to: 20, count: 2 });
    expect(stats.bins.reduce((sum, b) => sum + b.count, 0)).toBe(21);
  });

  it('puts uneven values in the bins their position gives', () => {
    // min 2, max 9, width 0.35: 2 -> bin 0; 4 -> 2 / 0.35 = 5.7 -> bin 5; 5 -> 8.6 -> bin 8; 7 -> 14.3 -> bin 14; 9 -> the last.
    const { bins } = numberStats([2, 4, 4, 4, 5, 5, 7, 9]);
    const counts = new Array(20).fill(0);
    counts[0] = 1;
    counts[5] = 3;
    counts[8] = 2;
    counts[14] = 1;
    counts[19] = 1;
    expect(bins.map((b) => b.count)).toEqual(counts);
    expect(bins[5].from).toBeCloseTo(3.75, 12);
    expect(bins[5].to).toBeCloseTo(4.1, 12);
    expect(bins[19].to).toBe(9);
  });

  it('gives a constant column one bin and no spread', () => {
    expect(numberStats([3, 3, NaN, 3])).toMatchObject({
      count: 3,
      missing: 1,
      distinct: 1,
      mean: 3,
      std: 0,
      min: 3,
      max: 3,
      bins: [{ from: 3, to: 3, count: 3 }],
    });
  });

  it('describes a one-row column', () => {
    expect(numberStats([7])).toMatchObject({
      count: 1,
      missing: 0,
      distinct: 1,
      mean: 7,
      std: 0,
      bins: [{ from: 7, to: 7, count: 1 }],
    });
  });

  it('reports nothing it cannot know for an empty or all-missing column', () => {
    expect(numberStats([])).toMatchObject({
      count: 0,
      missing: 0,
      distinct: 0,
      mean: null,
      std: null,
      min: null,
      max: null,
      bins: [],
    });
    expect(numberStats([NaN, NaN])).toMatchObject({
      count: 0,
      missing: 2,
      distinct: 0,
      mean: null,
      bins: [],
    });
  });

  it('draws no histogram for a column with an infinite value, and still reports its range', () => {
    expect(numberStats([1, Infinity, 3])).toMatchObject({ count: 3, min: 1, max: Infinity, bins: [] });
  });

  it('describes only the rows it is given (the training rows)', () => {
    // Rows 0 and 5: values 2 and 9; mean 5.5, squared deviations 12.25 twice, std 3.5.
    expect(numberStats([2, 4, 4, NaN, 4, 9], [0, 5])).toMatchObject({
      count: 2,
      missing: 0,
      mean: 5.5,
      std: 3.5,
      min: 2,
      max: 9,
      distinct: 2,
    });
    // Row 3 is missing.
    expect(numberStats([2, 4, 4, NaN], [3, 3, 1])).toMatchObject({
      count: 1,
      missing: 2,
      mean: 4,
    });
  });
});

describe('category and text columns', () => {
  it('counts values, missing ones and the most frequent first, ties in the schema order', () => {
    // b 3, a 2, then c and e 1 each: e is seen first, but the schema puts c first. d never appears.
    const c = categories('animal', ['a', 'b', 'c', 'd', 'e'], ['b', 'e', 'a', null, 'b', 'c', 'a', 'b']);
    expect(labelStats(c)).toEqual({
      name: 'animal',
      type: 'category',
      count: 7,
      missing: 1,
      distinct: 4,
      top: [
        { value: 'b', count: 3 },
        { value: 'a', count: 2 },
        { value: 'c', count: 1 },
        { value: 'e', count: 1 },
      ],
      other: { count: 0, values: 0 },
    });
  });

  it('lists the ten most frequent values and counts the rest as other', () => {
    // v0 appears 12 times, v1 11 times ... v11 once: 78 rows. Top ten: v0..v9; other: v10 (2) and v11 (1).
    const values = Array.from({ length: 12 }, (_, i) => Array<string>(12 - i).fill(`v${i}`)).flat();
    const stats = labelStats(texts('word', values));
    expect(stats.count).toBe(78);
    expect(stats.distinct).toBe(12);
    expect(stats.top.map((t) => t.value)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9']);
    expect(stats.top[9]).toEqual({ value: 'v9', count: 3 });
    expect(stats.other).toEqual({ count: 3, values: 2 });
    // v0..v9 are 2 characters over 12 + 11 + ... + 3 = 75 rows, v10 and v11 3 characters over 3 rows: (150 + 9) / 78.
    expect(stats.meanLength).toBeCloseTo(159 / 78, 12);
  });

  it('measures text length in characters, an emoji as one', () => {
    expect(labelStats(texts('t', ['😀a', 'abc', null])).meanLength).toBe(2.5);
    expect(labelStats(texts('t', [null])).meanLength).toBeNull();
  });

  it('has no meanLength on a category column', () => {
    expect(labelStats(categories('c', ['x'], ['x']))).not.toHaveProperty('meanLength');
  });
});

describe('image and series columns', () => {
  it('gives the shape and per-channel min, max and mean', () => {
    // Two 1x2 images with 2 channels: channel 0 holds 0 2 | 4 6 (mean 3), channel 1 holds 10 20 | 30 40 (mean 25).
    const images: Column = {
      name: 'img',
      type: 'image',
      shape: [1, 2, 2],
      values: Float32Array.from([0, 10, 2, 20, 4, 30, 6, 40]),
    };
    expect(describeColumn(images)).toEqual({
      name: 'img',
      type: 'image',
      count: 2,
      missing: 0,
      shape: [1, 2, 2],
      channels: [
        { min: 0, max: 6, mean: 3 },
        { min: 10, max: 40, mean: 25 },
      ],
    });
    // The second image only.
    expect(describeColumn(images, [1])).toMatchObject({
      count: 1,
      channels: [
        { min: 4, max: 6, mean: 5 },
        { min: 30, max: 40, mean: 35 },
      ],
    });
  });

  it('describes a series column and an empty one', () => {
    const series: Column = {
      name: 'wave',
      type: 'series',
      shape: [3, 1],
      values: Float32Array.from([1, 2, 3, 4, 5, 6]),
    };
    expect(describeColumn(series)).toMatchObject({
      count: 2,
      shape: [3, 1],
      channels: [{ min: 1, max: 6, mean: 3.5 }],
    });
    expect(describeColumn({ ...series, values: new Float32Array(0) })).toMatchObject({
      count: 0,
      channels: [{ min: null, max: null, mean: null }],
    });
  });
});

describe('class balance', () => {
  it('counts rows per class in the schema order, a class with no rows included, missing rows left out of the shares', () => {
    // a 2, b 3, c 1 of 6 rows with a value; d none.
    const c = categories('animal', ['a', 'b', 'c', 'd'], ['b', 'a', null, 'b', 'c', 'a', 'b']) as Extract<Column, { type: 'category' }>;
    expect(classBalance(c)).toEqual([
      { name: 'a', count: 2, share: 2 / 6 },
      { name: 'b', count: 3, share: 3 / 6 },
      { name: 'c', count: 1, share: 1 / 6 },
      { name: 'd', count: 0, share: 0 },
    ]);
  });

  it('reads a target of class indices, over the given rows only', () => {
    const target = {
      kind: 'classes' as const,
      classNames: ['cat', 'dog'],
      values: Int32Array.from([0, 1, 1, 1]),
    };
    expect(classBalance(target)).toEqual([
      { name: 'cat', count: 1, share: 0.25 },
      { name: 'dog', count: 3, share: 0.75 },
    ]);
    expect(classBalance(target, [0, 1])).toEqual([
      { name: 'cat', count: 1, share: 0.5 },
      { name: 'dog', count: 1, share: 0.5 },
    ]);
    expect(classBalance({ ...target, values: new Int32Array(0) })).toEqual([
      { name: 'cat', count: 0, share: 0 },
      { name: 'dog', count: 0, share: 0 },
    ]);
  });
});

describe('number formatting', () => {
  it('keeps whole numbers whole, rounds others to six significant digits, and uses exponents at the extremes', () => {
    expect(formatNumber(2024)).toBe('2024');
    expect(formatNumber(-3)).toBe('-3');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(3.14159265)).toBe('3.14159');
    expect(formatNumber(-0.5)).toBe('-0.5');
    expect(formatNumber(1234567.891)).toBe('1234567.9');
    expect(formatNumber(12345678901.5)).toBe('1.235e+10');
    expect(formatNumber(0.00001)).toBe('1e-5');
    expect(formatNumber(0.0000123)).toBe('1.23e-5');
    expect(formatNumber(Infinity)).toBe('Infinity');
  });
});

describe('table preview', () => {
  const images: Column = {
    name: 'img',
    type: 'image',
    shape: [1, 1, 1],
    values: Float32Array.from([0.5, 0, 1]),
  };
  const t = table([
    numbers('price', [1.5, NaN, 1234567.891]),
    categories('kind', ['x', 'y'], ['y', null, 'x']),
    texts('note', ['<b>hi</b>', 'ok', null]),
    images,
  ]);

  it('shows the first rows as text, missing values as markers and images as rows to draw', () => {
    const preview = describeTable(t, { rowsShown: 2 });
    expect(preview.rows).toBe(3);
    expect(preview.columns).toEqual([
      { name: 'price', type: 'number' },
      { name: 'kind', type: 'category' },
      { name: 'note', type: 'text' },
      { name: 'img', type: 'image' },
    ]);
    expect(preview.head).toEqual([
      [
        { kind: 'value', text: '1.5' },
        { kind: 'value', text: 'y' },
        { kind: 'value', text: '<b>hi</b>' },
        { kind: 'image', row: 0 },
      ],
      [{ kind: 'missing' }, { kind: 'missing' }, { kind: 'value', text: 'ok' }, { kind: 'image', row: 1 }],
    ]);
    expect(preview.stats.map((s) => s.missing)).toEqual([1, 1, 1, 0]);
    // The shown images' pixels, and the column's range to scale them by.
    expect(preview.samples).toEqual([
      {
        name: 'img',
        column: 3,
        type: 'image',
        shape: [1, 1, 1],
        values: Float32Array.from([0.5, 0]),
        rows: 2,
        min: 0,
        max: 1,
      },
    ]);
    expect(preview.lines).toEqual([]);
    expect(preview.classBalance).toBeNull();
  });

  it('gives the class balance of a category target, and none for a number target', () => {
    // kind: y, missing, x: one each of two rows with a value.
    expect(describeTable(t, { target: 'kind' }).classBalance).toEqual({
      column: 'kind',
      shares: [
        { name: 'x', count: 1, share: 0.5 },
        { name: 'y', count: 1, share: 0.5 },
      ],
    });
    expect(describeTable(t, { target: 'price' }).classBalance).toBeNull();
  });

  it('shows every row of a short table and none of an empty one', () => {
    expect(describeTable(t).head).toHaveLength(3);
    expect(describeTable(table([]))).toMatchObject({
      rows: 0,
      head: [],
      stats: [],
      samples: [],
      lines: [],
      classBalance: null,
    });
  });

  it('gives an ordered table a line per number column', () => {
    const series = table([numbers('temp', [3, NaN, 5, 1]), texts('day', ['mon', 'tue', 'wed', 'thu'])], true);
    expect(describeTable(series).lines).toEqual([{ name: 'temp', rows: [0, 2, 3], values: [3, 5, 1] }]);
  });
});

describe('downsampling a line', () => {
  // 0 1 2 3 4 5 6 0 1 ... with a dip to -50 at row 123 and a spike to 100 at row 777.
  const values = Float64Array.from({ length: 1000 }, (_, i) => (i === 123 ? -50 : i === 777 ? 100 : i % 7));

  it('keeps the minimum and maximum of each bucket, so spikes survive, in row order', () => {
    // 10 points: 5 buckets of 200 rows. Bucket 0 (rows 0-199): max 6 first at row 6, min -50 at 123.
    // Bucket 3 (rows 600-799): min 0 first at row 602 (602 = 7 * 86), max 100 at 777.
    const { rows, values: kept } = downsampleMinMax(values, 10);
    expect(rows).toHaveLength(10);
    expect(rows.slice(0, 2)).toEqual([6, 123]);
    expect(rows.slice(6, 8)).toEqual([602, 777]);
    expect(kept.slice(0, 2)).toEqual([6, -50]);
    expect(kept.slice(6, 8)).toEqual([0, 100]);
    expect(Math.min(...kept)).toBe(-50);
    expect(Math.max(...kept)).toBe(100);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
  });

  it('keeps every present row of a short line, and one point for a flat or one-value bucket', () => {
    expect(downsampleMinMax([1, NaN, 2], 500)).toEqual({
      rows: [0, 2],
      values: [1, 2],
    });
    // 2 buckets of 3 rows: the first flat (one point), the second all missing (none).
    expect(downsampleMinMax([4, 4, 4, NaN, NaN, NaN], 4)).toEqual({
      rows: [0],
      values: [4],
    });
  });
});

describe('preprocessing outputs', () => {
  it('shows a tensor after Normalize with its values in [0, 1]', () => {
    // 3 rows of 2: min 0, max 20, so (v - 0) / 20.
    const tensor: DataTensor = {
      kind: 'tensor',
      shape: [3, 2],
      dtype: 'float32',
      values: Float32Array.from([0, 10, 20, 5, 15, 20]),
    };
    const [normalized] = fitApply(normalizeStep, {}, [tensor]);
    const preview = describeTensor(normalized as DataTensor, { rowsShown: 2 });
    expect(preview).toMatchObject({
      shape: [3, 2],
      dtype: 'float32',
      rowSize: 2,
      head: [
        ['0', '0.5'],
        ['1', '0.25'],
      ],
    });
    expect(preview.values).toMatchObject({ count: 6, min: 0, max: 1 });
    // (0 + 0.5 + 1 + 0.25 + 0.75 + 1) / 6.
    expect(preview.values.mean).toBeCloseTo(3.5 / 6, 12);
  });

  it('cuts long tensor rows short in the head and describes every value', () => {
    const tensor: DataTensor = {
      kind: 'tensor',
      shape: [2, 10],
      dtype: 'int32',
      values: Int32Array.from({ length: 20 }, (_, i) => i),
    };
    const preview = describeTensor(tensor);
    expect(preview.head).toEqual([
      ['0', '1', '2', '3', '4', '5', '6', '7'],
      ['10', '11', '12', '13', '14', '15', '16', '17'],
    ]);
    expect(preview.rowSize).toBe(10);
    expect(preview.values).toMatchObject({
      count: 20,
      min: 0,
      max: 19,
      mean: 9.5,
    });
    expect(describeTensor({ ...tensor, shape: [0, 10], values: new Int32Array(0) })).toMatchObject({ head: [], rowSize: 0, values: { count: 0, mean: null } });
  });

  it('describes a target as class balance or per-number statistics', () => {
    expect(
      describeTarget({
        kind: 'classes',
        classNames: ['no', 'yes'],
        values: Int32Array.from([1, 1, 0, 1]),
      }),
    ).toEqual({
      kind: 'classes',
      rows: 4,
      balance: [
        { name: 'no', count: 1, share: 0.25 },
        { name: 'yes', count: 3, share: 0.75 },
      ],
    });
    // Rows (1, 10), (2, 20), (3, 30): x has mean 2 and variance (1 + 0 + 1) / 3, y mean 20 and variance 200 / 3.
    const numbersPreview = describeTarget({
      kind: 'numbers',
      names: ['x', 'y'],
      values: Float32Array.from([1, 10, 2, 20, 3, 30]),
    });
    expect(numbersPreview).toMatchObject({
      kind: 'numbers',
      rows: 3,
      columns: [
        { name: 'x', mean: 2, min: 1, max: 3 },
        { name: 'y', mean: 20, min: 10, max: 30 },
      ],
    });
    if (numbersPreview.kind !== 'numbers') throw new Error('expected numbers');
    expect(numbersPreview.columns[0].std).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(numbersPreview.columns[1].std).toBeCloseTo(Math.sqrt(200 / 3), 12);
  });
});

describe('a million rows', () => {
  it('describes a table of 1,000,000 rows quickly', () => {
    const rows = 1_000_000;
    const big = table(
      [
        numbers(
          'value',
          Array.from({ length: rows }, (_, i) => (i % 1000 === 0 ? NaN : Math.sin(i) * 100)),
        ),
        categories(
          'group',
          ['a', 'b', 'c'],
          Array.from({ length: rows }, (_, i) => (['a', 'b', 'c'] as const)[i % 3]),
        ),
        texts(
          'id',
          Array.from({ length: rows }, (_, i) => `row-${i % 5000}`),
        ),
      ],
      true,
    );
    const start = performance.now();
    const preview = describeTable(big);
    const ms = performance.now() - start;
    console.log(`describeTable on ${rows.toLocaleString('en-US')} rows x 3 columns: ${ms.toFixed(0)} ms`);
    expect(preview.stats[0]).toMatchObject({ count: 999_000, missing: 1000 });
    expect(preview.stats[1]).toMatchObject({ count: rows, distinct: 3 });
    expect(preview.stats[2]).toMatchObject({
      distinct: 5000,
      other: { count: rows - 2000, values: 4990 },
    });
    expect(preview.lines[0].rows.length).toBeLessThanOrEqual(500);
    // Generous for a shared two-core machine; it takes a few hundred milliseconds alone.
    expect(ms).toBeLessThan(5000);
  });
});
