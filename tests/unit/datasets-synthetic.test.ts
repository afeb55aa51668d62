import { describe, expect, it } from 'vitest';
import { type Table, column } from '@/lib/data/table';
import {
  expectedRating,
  generateCircles,
  generateRatings,
  generateSpirals,
  generateWaveforms,
  generateXor,
  pointNoise,
  ratingFactors,
  ratingModel,
  syntheticSeed,
  waveformShapes,
  waveformSteps,
} from '@/lib/datasets/synthetic';

const generators = {
  spirals: generateSpirals,
  xor: generateXor,
  circles: generateCircles,
  waveforms: generateWaveforms,
  ratings: generateRatings,
};

const numbers = (table: Table, name: string) => column(table, name).values as Float64Array;
const labels = (table: Table, name: string) => column(table, name).values as string[];

describe('seeded synthetic datasets', () => {
  it.each(Object.entries(generators))('%s: the same seed gives the same table, another seed another', (_, generate) => {
    const a = generate(400, syntheticSeed);
    expect(generate(400, syntheticSeed)).toEqual(a);
    const b = generate(400, syntheticSeed + 1);
    expect(b.rows).toBe(400);
    b.columns.forEach((c, i) => {
      const same =
        (c.values as ArrayLike<unknown>).length === 0 ||
        Array.from(c.values as ArrayLike<unknown>).every((v, k) => v === (a.columns[i].values as ArrayLike<unknown>)[k]);
      // Category columns may repeat (classes take turns); the measured values never do.
      if (c.type !== 'category') expect(same, `${c.name} is the same for another seed`).toBe(false);
    });
  });

  it('teaching sets: the class follows the stated rule on all but the noisiest points', () => {
    const accuracy = (table: Table, rule: (x: number, y: number) => string) => {
      const x = numbers(table, 'x');
      const y = numbers(table, 'y');
      const cls = labels(table, 'class');
      return cls.filter((c, i) => c === rule(x[i], y[i])).length / table.rows;
    };
    const xor = accuracy(generateXor(2000, syntheticSeed), (x, y) => (Math.sign(x) === Math.sign(y) ? 'same' : 'different'));
    expect(xor).toBeGreaterThan(0.97);
    expect(xor).toBeLessThan(1); // the noise (sd pointNoise.xor) carries a few points across an axis
    expect(accuracy(generateCircles(2000, syntheticSeed), (x, y) => (Math.hypot(x, y) < 0.6 ? 'inner' : 'outer'))).toBeGreaterThan(0.97);
    expect(pointNoise.spirals).toBeLessThan(0.1);
  });

  it('spirals: the arm a point lies on is told by its nearest neighbours (a non-linear rule)', () => {
    const train = generateSpirals(1000, syntheticSeed);
    const test = generateSpirals(300, syntheticSeed + 7);
    const [tx, ty, tc] = [numbers(train, 'x'), numbers(train, 'y'), labels(train, 'class')];
    const correct = labels(test, 'class').filter((c, i) => {
      const [x, y] = [numbers(test, 'x')[i], numbers(test, 'y')[i]];
      let best = 0;
      for (let k = 1; k < train.rows; k++) if (Math.hypot(tx[k] - x, ty[k] - y) < Math.hypot(tx[best] - x, ty[best] - y)) best = k;
      return tc[best] === c;
    }).length;
    expect(correct / test.rows).toBeGreaterThan(0.95);
    // No straight line does: the best threshold on x or on y stays near chance.
    const byX = labels(test, 'class').filter((c, i) => numbers(test, 'x')[i] > 0 === (c === 'A')).length / test.rows;
    expect(Math.abs(byX - 0.5)).toBeLessThan(0.15);
  });

  it('waveforms: shapes are separable by two simple features (nearest centroid beats chance by far)', () => {
    const table = generateWaveforms(800, syntheticSeed);
    const signal = column(table, 'signal').values as Float32Array;
    const shapes = labels(table, 'shape');
    // Kurtosis (square 1, sine 1.5, triangle and sawtooth 1.8) and the biggest jump relative to the spread (large for sawtooth and square).
    const features = shapes.map((_, row) => {
      const wave = signal.subarray(row * waveformSteps, (row + 1) * waveformSteps);
      const mean = wave.reduce((a, b) => a + b, 0) / waveformSteps;
      const m2 = wave.reduce((a, v) => a + (v - mean) ** 2, 0) / waveformSteps;
      const m4 = wave.reduce((a, v) => a + (v - mean) ** 4, 0) / waveformSteps;
      let jump = 0;
      for (let k = 1; k < waveformSteps; k++) jump = Math.max(jump, Math.abs(wave[k] - wave[k - 1]));
      return [m4 / (m2 * m2), jump / Math.sqrt(m2)];
    });
    const half = table.rows / 2;
    const centroids = waveformShapes.map((shape) => {
      const members = features.slice(0, half).filter((_, i) => shapes[i] === shape);
      return [0, 1].map((k) => members.reduce((a, f) => a + f[k], 0) / members.length);
    });
    const predicted = features.slice(half).map((f) => {
      const distances = centroids.map((c) => Math.hypot(f[0] - c[0], f[1] - c[1]));
      return waveformShapes[distances.indexOf(Math.min(...distances))];
    });
    const accuracy = predicted.filter((p, i) => p === shapes[half + i]).length / predicted.length;
    expect(accuracy).toBeGreaterThan(0.7); // chance: 0.25
  });

  it('ratings: distinct pairs, 1 to 5, with the noise floor and mean baseline the catalogue states', () => {
    const table = generateRatings(15_000, syntheticSeed);
    const users = labels(table, 'user');
    const items = labels(table, 'item');
    expect(new Set(users.map((u, i) => `${u}/${items[i]}`)).size).toBe(table.rows);
    const ratings = numbers(table, 'rating');
    expect(Math.min(...ratings)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ratings)).toBeLessThanOrEqual(5);
    const factors = ratingFactors(syntheticSeed);
    const truth = users.map((u, i) =>
      Math.min(5, Math.max(1, expectedRating(factors, Number(u.slice(1)) - 1, Number(items[i].slice(1)) - 1))),
    );
    const rmse = (predict: (i: number) => number) => Math.sqrt(ratings.reduce((a, r, i) => a + (r - predict(i)) ** 2, 0) / table.rows);
    const mean = ratings.reduce((a, b) => a + b, 0) / table.rows;
    const floor = rmse((i) => truth[i]);
    const baseline = rmse(() => mean);
    expect(floor).toBeGreaterThan(ratingModel.noiseSd * 0.9);
    expect(floor).toBeLessThan(ratingModel.noiseSd * 1.05);
    // The catalogue says "about 0.87".
    expect(baseline).toBeGreaterThan(0.85);
    expect(baseline).toBeLessThan(0.89);
    // The template's goal, 0.7x the baseline, lies well above what the noise allows.
    expect(0.7 * baseline).toBeGreaterThan(2 * floor);
    expect(() => generateRatings(ratingModel.users * ratingModel.items + 1, 1)).toThrow(/at most 60000 distinct pairs/);
  });
});
