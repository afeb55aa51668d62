/**
 * Seeded randomness for everything a training run shuffles. tfjs shuffles with Math.random, which
 * cannot be seeded, so runs would not repeat; these helpers make a seed fully determine a run.
 */

/** mulberry32: small, fast, and good enough for shuffling; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** 0, 1, ..., n-1 in a seeded random order. */
export function permutation(n: number, random: () => number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/**
 * A seed for one part of a run (a layer, a shuffle), so that changing one layer does not shift the
 * random numbers every other part gets. Stays within tfjs's seed range (a positive int32).
 */
export function deriveSeed(seed: number, ...salt: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const s of salt) {
    h = Math.imul(h ^ (s + 0x7f4a7c15), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h % 2147483647;
}

/**
 * An order in which every prefix holds the classes in about their overall proportions: each
 * class is shuffled, then its samples are spread evenly over [0, 1) with a random offset and all
 * are sorted by position. "The first N samples" (the Dataset node's maxSamples) then covers every
 * class, and a split without shuffling still validates on all of them.
 */
export function interleavedOrder(labels: readonly number[], classes: number, seed: number): number[] {
  const random = seededRandom(seed);
  const keyed: { index: number; key: number }[] = [];
  for (let c = 0; c < classes; c++) {
    const members = shuffled(
      labels.flatMap((l, i) => (l === c ? [i] : [])),
      random,
    );
    members.forEach((index, j) => keyed.push({ index, key: (j + random()) / members.length }));
  }
  return keyed.sort((a, b) => a.key - b.key || a.index - b.index).map((k) => k.index);
}
