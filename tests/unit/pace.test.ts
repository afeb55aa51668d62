import { describe, expect, it } from 'vitest';
import { etaAfterMs, formatClock, formatRate, formatRemaining, paceLine, paceOf } from '@/lib/training/pace';

describe('paceOf', () => {
  it('measures samples per second and the time left at that rate', () => {
    // 12,400 of 40,000 samples in 10 s: 1,240/s, and 27,600 left take 22.26 s.
    const pace = paceOf({ elapsedMs: 10_000, samples: 12_400, totalSamples: 40_000 });
    expect(pace.samplesPerSecond).toBeCloseTo(1240, 6);
    expect(pace.remainingMs).toBeCloseTo((27_600 / 1240) * 1000, 6);
  });

  it('gives no rate before the first sample and no estimate in the first seconds', () => {
    expect(paceOf({ elapsedMs: 0, samples: 0, totalSamples: 100 })).toEqual({ samplesPerSecond: null, elapsedMs: 0, remainingMs: null });
    expect(paceOf({ elapsedMs: 800, samples: 0, totalSamples: 100 }).samplesPerSecond).toBeNull();
    const early = paceOf({ elapsedMs: etaAfterMs - 1, samples: 50, totalSamples: 100 });
    expect(early.samplesPerSecond).toBeCloseTo(50 / ((etaAfterMs - 1) / 1000), 6);
    expect(early.remainingMs).toBeNull();
    expect(paceOf({ elapsedMs: etaAfterMs, samples: 50, totalSamples: 100 }).remainingMs).toBe(etaAfterMs);
  });

  it('has nothing left to estimate once every sample is seen', () => {
    expect(paceOf({ elapsedMs: 20_000, samples: 100, totalSamples: 100 }).remainingMs).toBeNull();
  });
});

describe('the words', () => {
  it('writes clocks as people read them', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(42_900)).toBe('0:42');
    expect(formatClock(725_000)).toBe('12:05');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });

  it('rounds what is left as roughly as an estimate deserves', () => {
    expect(formatRemaining(300)).toBe('about 1 s left');
    expect(formatRemaining(7_200)).toBe('about 8 s left');
    expect(formatRemaining(41_000)).toBe('about 40 s left');
    expect(formatRemaining(58_000)).toBe('about 55 s left');
    expect(formatRemaining(70_000)).toBe('about 1:10 left');
    expect(formatRemaining(3_601_000)).toBe('about 1:00:00 left');
  });

  it('writes rates with a thousands separator, and decimals only where they matter', () => {
    expect(formatRate(1240.4)).toBe('1,240 samples/s');
    expect(formatRate(8.46)).toBe('8.5 samples/s');
    expect(formatRate(1)).toBe('1 sample/s');
  });

  it('puts rate, elapsed time and what is left on one line, leaving out what is not known yet', () => {
    expect(paceLine({ elapsedMs: 42_000, samples: 52_080, totalSamples: 138_880 })).toBe('1,240 samples/s · 0:42 elapsed · about 1:10 left');
    expect(paceLine({ elapsedMs: 1_000, samples: 64, totalSamples: 6_400 })).toBe('64 samples/s · 0:01 elapsed');
    expect(paceLine({ elapsedMs: 0, samples: 0, totalSamples: 6_400 })).toBe('0:00 elapsed');
  });
});
