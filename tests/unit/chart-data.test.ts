import { describe, expect, it } from 'vitest';
import type { EpochReport } from '@/lib/engine/protocol';
import type { BatchPoint } from '@/lib/runs/model';
import { batchesPerEpoch, chartColumns, ema, chartPosition, readoutAt } from '@/lib/training/chart-data';

const point = (step: number, epoch: number, loss: number, accuracy?: number): BatchPoint => ({ step, epoch, loss, accuracy });

describe('ema', () => {
  it('starts at the first value and follows later ones by the weight, as computed by hand', () => {
    // Weight 0.5: averages 0.5·4 = 2 → 2/(1-0.5) = 4; then 0.5·2 + 0.5·2 = 2 → 2/(1-0.25) = 8/3.
    const [a, b] = ema([4, 2], 0.5);
    expect(a).toBe(4);
    expect(b).toBeCloseTo(8 / 3, 12);
  });

  it('skips gaps and non-finite values without counting them', () => {
    expect(ema([null, 4, Number.NaN, 2], 0.5)).toEqual([null, 4, null, 8 / 3]);
  });

  it('keeps a constant series constant', () => {
    expect(ema([3, 3, 3, 3]).every((v) => Math.abs(v! - 3) < 1e-12)).toBe(true);
  });

  it('counts a value that averages two batches as two batches of that value', () => {
    // [4, 2, 2] one batch each, against 4 then 2 standing for two batches: the same last value.
    const oneByOne = ema([4, 2, 2], 0.5);
    const merged = ema([4, 2], 0.5, [1, 2]);
    expect(merged[0]).toBe(4);
    expect(merged[1]).toBeCloseTo(oneByOne[2]!, 12);
  });
});

describe('batchesPerEpoch', () => {
  it('takes the run’s progress, else the last step of the earliest epoch', () => {
    expect(batchesPerEpoch([], 38)).toBe(38);
    expect(batchesPerEpoch([point(1, 1, 1), point(2, 1, 1), point(3, 1, 1), point(4, 2, 1)])).toBe(3);
    // A run resumed in epoch 3 of 4-batch epochs: steps 9-12 are its third epoch.
    expect(batchesPerEpoch([point(9, 3, 1), point(12, 3, 1), point(13, 4, 1)])).toBe(4);
    expect(batchesPerEpoch([])).toBe(1);
  });
});

describe('chartColumns', () => {
  const history: EpochReport[] = [
    { epoch: 1, epochs: 2, loss: 0.9, valLoss: 1.0 },
    { epoch: 2, epochs: 2, loss: 0.5, valLoss: 0.6 },
  ];
  const points = [point(1, 1, 1.2, 0.3), point(2, 1, 0.8, 0.5), point(3, 2, 0.6, 0.6), point(4, 2, 0.4)];

  it('puts batches at step / batches-per-epoch and epoch values at their epoch’s end, on one sorted x column', () => {
    const { columns, batchPoints } = chartColumns({
      points,
      field: 'loss',
      batchesPerEpoch: 2,
      history,
      epochSeries: [(r) => r.loss, (r) => r.valLoss],
    });
    expect(batchPoints).toBe(4);
    const [x, raw, smooth, train, validation] = columns;
    expect(x).toEqual([0.5, 1, 1.5, 2]);
    expect(raw).toEqual([1.2, 0.8, 0.6, 0.4]);
    expect(smooth[0]).toBe(1.2);
    expect(smooth[3]).toBeLessThan(1.2);
    expect(train).toEqual([null, 0.9, null, 0.5]);
    expect(validation).toEqual([null, 1.0, null, 0.6]);
  });

  it('adds an x of its own for an epoch without a batch there, and leaves out batches missing the value', () => {
    const { columns, batchPoints } = chartColumns({
      points: points.slice(0, 3),
      field: 'accuracy',
      batchesPerEpoch: 3,
      history,
      epochSeries: [(r) => r.valLoss],
    });
    expect(batchPoints).toBe(3);
    expect(columns[0]).toEqual([1 / 3, 2 / 3, 1, 2]);
    expect(columns[1]).toEqual([0.3, 0.5, 0.6, null]);
    expect(columns[3]).toEqual([null, null, 1.0, 0.6]);
  });

  it('charts a validation-only metric by epoch alone', () => {
    const { columns, batchPoints } = chartColumns({ points, batchesPerEpoch: 2, history, epochSeries: [(r) => r.valLoss] });
    expect(batchPoints).toBe(0);
    expect(columns).toEqual([
      [1, 2],
      [1.0, 0.6],
    ]);
  });
});

describe('readoutAt', () => {
  // x, batch, smoothed, validation loss at each epoch's end (as chartColumns lays them out).
  const columns = [
    [0.5, 1, 1.5, 2],
    [2.0, 1.6, 1.2, 1.0],
    [2.0, 1.8, 1.5, 1.3],
    [null, 1.7, null, 1.1],
  ];
  const names = ['batch', 'smoothed', 'validation'];

  it('gives each series its value at the cursor', () => {
    expect(readoutAt(columns, 1, names)).toEqual({
      x: 1,
      rows: [
        { name: 'batch', value: 1.6 },
        { name: 'smoothed', value: 1.8 },
        { name: 'validation', value: 1.7 },
      ],
    });
  });

  it('gives a series with a gap at the cursor its nearest value, and says where it is', () => {
    expect(readoutAt(columns, 2, names)?.rows[2]).toEqual({ name: 'validation', value: 1.7, at: 1 });
    expect(readoutAt(columns, 0, names)?.rows[2]).toEqual({ name: 'validation', value: 1.7, at: 1 });
  });

  it('leaves out a series with no value yet or no name (not drawn now), and answers nothing outside the data', () => {
    expect(readoutAt([[0.5], [2.0], [2.0], [null]], 0, names)?.rows.map((r) => r.name)).toEqual(['batch', 'smoothed']);
    expect(readoutAt(columns, 1, ['batch', 'smoothed', undefined])?.rows.map((r) => r.name)).toEqual(['batch', 'smoothed']);
    expect(readoutAt(columns, 4, names)).toBeUndefined();
    expect(readoutAt(columns, -1, names)).toBeUndefined();
  });
});

describe('chartPosition', () => {
  it('names an epoch\'s end, or how far through an epoch', () => {
    expect(chartPosition(2)).toBe('End of epoch 2');
    expect(chartPosition(2.4)).toBe('Epoch 3, 40% through');
    expect(chartPosition(0.05)).toBe('Epoch 1, 5% through');
    expect(chartPosition(0)).toBe('Start');
  });
});
