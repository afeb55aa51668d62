import { describe, expect, it } from 'vitest';
import { RunningMoments } from '@/lib/data/moments';

describe('RunningMoments', () => {
  it('chunk by chunk gives the mean and population std of all the values', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population std 2 (the textbook example).
    const moments = new RunningMoments();
    moments.add([2, 4, 4]);
    moments.add([]);
    moments.add([4, 5, 5, 7, 9]);
    expect(moments.count).toBe(8);
    expect(moments.mean).toBeCloseTo(5, 12);
    expect(moments.std).toBeCloseTo(2, 12);
  });

  it('reads one feature of row-major samples with an offset and a stride', () => {
    const moments = new RunningMoments();
    moments.add([1, 100, 3, 200], 1, 2);
    expect([moments.count, moments.mean, moments.std]).toEqual([2, 150, 50]);
  });

  it('stays accurate for large values with a small spread, where a running sum of squares cancels', () => {
    const moments = new RunningMoments();
    for (let chunk = 0; chunk < 100; chunk++) moments.add([1e9 + 1, 1e9 - 1]);
    expect(moments.mean).toBe(1e9);
    expect(moments.std).toBeCloseTo(1, 9);
  });

  it('has no spread before any value', () => {
    expect(new RunningMoments().std).toBe(0);
  });
});
