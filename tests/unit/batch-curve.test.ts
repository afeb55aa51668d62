import { describe, expect, it } from 'vitest';
import { extendCurve, maxCurvePoints, mergePoints } from '@/lib/runs/batch-curve';
import type { BatchPoint } from '@/lib/runs/model';

/** Batches whose loss is their step: a merged point's loss then tells exactly which batches it holds. */
const batchesUpTo = (count: number, perEpoch = 120, from = 1): BatchPoint[] =>
  Array.from({ length: count }, (_, i) => {
    const step = from + i;
    return { step, epoch: Math.ceil(step / perEpoch), loss: step, accuracy: step % 2 };
  });

describe('mergePoints', () => {
  it('weights each side by the batches it holds and keeps the later step and epoch', () => {
    const merged = mergePoints({ step: 3, epoch: 1, loss: 2, accuracy: 0.5, batches: 3 }, { step: 4, epoch: 2, loss: 6, accuracy: 1 });
    expect(merged).toEqual({ step: 4, epoch: 2, loss: 3, accuracy: 0.625, batches: 4 });
  });

  it('carries NaN and infinity through, so a divergence stays on the curve', () => {
    expect(mergePoints({ step: 1, epoch: 1, loss: 1 }, { step: 2, epoch: 1, loss: Number.NaN }).loss).toBeNaN();
    expect(mergePoints({ step: 1, epoch: 1, loss: 1 }, { step: 2, epoch: 1, loss: Infinity }).loss).toBe(Infinity);
  });

  it('leaves accuracy out when neither side has one', () => {
    expect(mergePoints({ step: 1, epoch: 1, loss: 1 }, { step: 2, epoch: 1, loss: 3 })).toEqual({ step: 2, epoch: 1, loss: 2, batches: 2 });
  });
});

describe('extendCurve', () => {
  it('keeps every batch while the run is under the cap', () => {
    const points = batchesUpTo(maxCurvePoints);
    expect(extendCurve([], points)).toEqual(points);
    const curve = extendCurve(points.slice(0, 10), []);
    expect(curve).toHaveLength(10);
  });

  it('holds a run of 60,000 batches in at most the cap, every batch counted once, in order, evenly', () => {
    const curve = extendCurve([], batchesUpTo(60_000));
    expect(curve.length).toBeLessThanOrEqual(maxCurvePoints);
    expect(curve.length).toBeGreaterThan(maxCurvePoints / 2);
    expect(curve.reduce((sum, p) => sum + (p.batches ?? 1), 0)).toBe(60_000);
    expect(curve.at(-1)!.step).toBe(60_000);
    expect(curve.at(-1)!.epoch).toBe(500);
    const stride = curve[0].batches!;
    let previous = 0;
    for (const [i, p] of curve.entries()) {
      const n = p.batches ?? 1;
      // Each point is the run of batches right after the previous point: (previous, step].
      expect(p.step - n, `point ${i}`).toBe(previous);
      // The mean of the steps previous+1 .. step.
      expect(p.loss).toBeCloseTo(p.step - (n - 1) / 2, 6);
      if (i < curve.length - 1) expect(n, `point ${i}`).toBe(stride);
      previous = p.step;
    }
  });

  it('gives the same curve whether the batches arrive one message at a time or all at once', () => {
    const all = batchesUpTo(9_001, 7);
    let live: BatchPoint[] = [];
    for (let at = 0; at < all.length; at += 37) live = extendCurve(live, all.slice(at, at + 37));
    expect(live).toEqual(extendCurve([], all));
  });

  it('bounds a run kept before curves were capped when it is reopened', () => {
    expect(extendCurve([], batchesUpTo(28_436)).length).toBeLessThanOrEqual(maxCurvePoints);
  });
});
