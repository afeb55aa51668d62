/**
 * Axes for the results charts: a linear scale from data to pixels and round tick values, shared by
 * the scatter, the residual histogram and the forecast chart so they read alike.
 */

/** About `count` round values (1, 2 or 5 times a power of ten apart) from `lo` to `hi`, both within. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const rough = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  // Whole multiples of the step, rounded: 0.1 * 3 prints as 0.30000000000000004 otherwise.
  for (let i = Math.ceil(lo / step); i * step <= hi + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** `lo` to `hi` widened by `share` of their span on each side, so points on the edge are not cut; a single value gets a span of 1. */
export function padded(lo: number, hi: number, share = 0.05): [number, number] {
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * share;
  return [lo - pad, hi + pad];
}

/** A function from [d0, d1] in data to [r0, r1] in pixels. */
export function linear([d0, d1]: [number, number], [r0, r1]: [number, number]): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}
