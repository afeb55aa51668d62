/**
 * Seeded synthetic datasets, generated on load: the same seed gives the same table, in the app
 * and in the exported project, which ships this file as it is (it imports nothing but
 * ../data/table and ../engine/random). Classification sets cycle through their classes row by
 * row, so every prefix of the table holds them all in equal shares.
 */
import type { ColumnInfo, Table } from '../data/table';
import { permutation, seededRandom } from '../engine/random';

/** The seed the catalogue's synthetic datasets are generated with. */
export const syntheticSeed = 20240601;

/** A standard normal draw (Box-Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

// ---- Two numbers and a class: the teaching sets ---------------------------------------------------

/** Noise added to each coordinate of the teaching sets' points: a normal draw with this standard deviation. */
export const pointNoise = { spirals: 0.04, xor: 0.08, circles: 0.05 };

function pointColumns(categories: string[], classDescription: string): ColumnInfo[] {
  return [
    { name: 'x', type: 'number', description: 'Horizontal position, about -1 to 1' },
    { name: 'y', type: 'number', description: 'Vertical position, about -1 to 1' },
    { name: 'class', type: 'category', categories, description: classDescription },
  ];
}

export const spiralsColumns = pointColumns(['A', 'B'], 'Which of the two spiral arms the point lies on');
export const xorColumns = pointColumns(['same', 'different'], 'Whether x and y have the same sign or different signs');
export const circlesColumns = pointColumns(['inner', 'outer'], 'Inside the inner disc or on the outer ring');

/** Points from `place(class, random)`, the classes taking turns row by row, with noise added to each coordinate. */
function pointTable(
  rows: number,
  seed: number,
  columns: ColumnInfo[],
  noise: number,
  place: (label: number, random: () => number) => [number, number],
): Table {
  const random = seededRandom(seed);
  const categories = columns[2].categories!;
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  const labels: string[] = [];
  for (let i = 0; i < rows; i++) {
    const label = i % categories.length;
    const [px, py] = place(label, random);
    x[i] = px + noise * gaussian(random);
    y[i] = py + noise * gaussian(random);
    labels.push(categories[label]);
  }
  return {
    kind: 'table',
    rows,
    ordered: false,
    columns: [
      { name: 'x', type: 'number', values: x },
      { name: 'y', type: 'number', values: y },
      { name: 'class', type: 'category', categories, values: labels },
    ],
  };
}

/** Two arms winding 1.5 turns out from the centre, half a turn apart. */
export function generateSpirals(rows: number, seed: number): Table {
  return pointTable(rows, seed, spiralsColumns, pointNoise.spirals, (label, random) => {
    // Points spread evenly along the arm's length rather than its radius, so the outer turns are not sparse.
    const radius = 0.1 + 0.9 * Math.sqrt(random());
    const angle = 3 * Math.PI * radius + label * Math.PI;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/** Points in the square (-1, 1)², kept 0.1 away from the axes; the class says whether x and y share a sign. */
export function generateXor(rows: number, seed: number): Table {
  return pointTable(rows, seed, xorColumns, pointNoise.xor, (label, random) => {
    const x = (0.1 + 0.9 * random()) * (random() < 0.5 ? -1 : 1);
    const y = (0.1 + 0.9 * random()) * (label === 0 ? Math.sign(x) : -Math.sign(x));
    return [x, y];
  });
}

/** A disc of radius 0.5 inside a ring from 0.7 to 1, uniformly over their areas. */
export function generateCircles(rows: number, seed: number): Table {
  return pointTable(rows, seed, circlesColumns, pointNoise.circles, (label, random) => {
    const [inner, outer] = label === 0 ? [0, 0.5] : [0.7, 1];
    const radius = Math.sqrt(inner * inner + random() * (outer * outer - inner * inner));
    const angle = 2 * Math.PI * random();
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

// ---- Waveforms: a series per row ------------------------------------------------------------------

export const waveformSteps = 128;
export const waveformNoise = 0.1;
export const waveformShapes = ['sine', 'square', 'sawtooth', 'triangle'];

export const waveformsColumns: ColumnInfo[] = [
  {
    name: 'signal',
    type: 'series',
    shape: [waveformSteps, 1],
    description: `${waveformSteps} samples of a wave: 2 to 8 cycles, amplitude 0.5 to 1.5, random phase, plus noise`,
  },
  { name: 'shape', type: 'category', categories: waveformShapes, description: 'The shape of the wave' },
];

/** One cycle of each shape at phase `t` in [0, 1): values in [-1, 1]. */
const waves: ((t: number) => number)[] = [
  (t) => Math.sin(2 * Math.PI * t),
  (t) => (t < 0.5 ? 1 : -1),
  (t) => 2 * t - 1,
  (t) => 1 - 4 * Math.abs(t - 0.5),
];

/** Waves of the four shapes, taking turns, with random frequency, phase and amplitude, and normal noise of sd `waveformNoise`. */
export function generateWaveforms(rows: number, seed: number): Table {
  const random = seededRandom(seed);
  const values = new Float32Array(rows * waveformSteps);
  const labels: string[] = [];
  for (let i = 0; i < rows; i++) {
    const shape = i % waveformShapes.length;
    const cycles = 2 + 6 * random();
    const phase = random();
    const amplitude = 0.5 + random();
    for (let step = 0; step < waveformSteps; step++) {
      const t = (phase + (cycles * step) / waveformSteps) % 1;
      values[i * waveformSteps + step] = amplitude * waves[shape](t) + waveformNoise * gaussian(random);
    }
    labels.push(waveformShapes[shape]);
  }
  return {
    kind: 'table',
    rows,
    ordered: false,
    columns: [
      { name: 'signal', type: 'series', shape: [waveformSteps, 1], values },
      { name: 'shape', type: 'category', categories: waveformShapes, values: labels },
    ],
  };
}

// ---- Ratings: users and items with known factors ----------------------------------------------------

/** How the ratings are made: rating = clamp(3 + user · item + noise, 1, 5), factors and noise normal. */
export const ratingModel = { users: 300, items: 200, rank: 3, factorSd: 0.72, noiseSd: 0.3, mean: 3 };

const userIds = Array.from({ length: ratingModel.users }, (_, i) => `u${i + 1}`);
const itemIds = Array.from({ length: ratingModel.items }, (_, i) => `i${i + 1}`);

export const ratingsColumns: ColumnInfo[] = [
  { name: 'user', type: 'category', categories: userIds, description: `Who rated: one of ${ratingModel.users} users` },
  { name: 'item', type: 'category', categories: itemIds, description: `What was rated: one of ${ratingModel.items} items` },
  { name: 'rating', type: 'number', description: 'The rating, from 1 to 5 (not rounded)' },
];

/** The hidden factor vectors the ratings are made from (rank numbers per user and per item). */
export function ratingFactors(seed: number): { users: Float64Array; items: Float64Array } {
  const random = seededRandom(seed);
  const draw = (count: number) => Float64Array.from({ length: count * ratingModel.rank }, () => ratingModel.factorSd * gaussian(random));
  return { users: draw(ratingModel.users), items: draw(ratingModel.items) };
}

/** The rating user `u` would give item `i` without noise (before clamping). */
export function expectedRating(factors: { users: Float64Array; items: Float64Array }, u: number, i: number): number {
  let dot = 0;
  for (let k = 0; k < ratingModel.rank; k++) dot += factors.users[u * ratingModel.rank + k] * factors.items[i * ratingModel.rank + k];
  return ratingModel.mean + dot;
}

/** `rows` distinct (user, item) pairs in random order, each with its rating. */
export function generateRatings(rows: number, seed: number): Table {
  const pairs = ratingModel.users * ratingModel.items;
  if (rows > pairs) throw new Error(`generateRatings: at most ${pairs} distinct pairs, ${rows} asked for.`);
  const factors = ratingFactors(seed);
  const random = seededRandom(seed + 1);
  const chosen = permutation(pairs, random).subarray(0, rows);
  const ratings = new Float64Array(rows);
  const users: string[] = [];
  const items: string[] = [];
  chosen.forEach((pair, row) => {
    const u = Math.floor(pair / ratingModel.items);
    const i = pair % ratingModel.items;
    const rating = expectedRating(factors, u, i) + ratingModel.noiseSd * gaussian(random);
    ratings[row] = Math.min(5, Math.max(1, rating));
    users.push(userIds[u]);
    items.push(itemIds[i]);
  });
  return {
    kind: 'table',
    rows,
    ordered: false,
    columns: [
      { name: 'user', type: 'category', categories: userIds, values: users },
      { name: 'item', type: 'category', categories: itemIds, values: items },
      { name: 'rating', type: 'number', values: ratings },
    ],
  };
}
