/** A tensor shape as the canvas shows it: `null` is the batch dimension, drawn as `?`. */
export type Dim = number | null;
export type Shape = Dim[];

export function formatShape(shape: Shape): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** Number of values in one sample (every dimension but the batch). */
export function sampleSize(shape: Shape): number {
  return shape.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1);
}
