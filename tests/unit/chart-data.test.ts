import { describe, expect, it } from 'vitest';
import type { EpochReport } from '@/lib/engine/protocol';
import type { BatchPoint } from '@/lib/runs/model';
import { batchesPerEpoch, chartColumns, ema } from '@/lib/training/chart-data';

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
