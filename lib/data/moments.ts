/**
 * The count, mean and population standard deviation of values that arrive chunk by chunk (a
 * streamed file): each chunk's own mean and sum of squared deviations, merged with Chan et al.'s
 * update. That gives the statistics of one pass over all the values (up to rounding), and stays
 * accurate where a running sum of squares would cancel (large values with a small spread).
 * Standardize (one per feature) and z-score outlier bounds (one per column) learn this way.
 */
export class RunningMoments {
  count = 0;
  mean = 0;
  /** Sum of squared deviations from the mean. */
  private squares = 0;

  /** Adds `values[offset]`, `values[offset + stride]`, … (one feature of row-major samples). */
  add(values: ArrayLike<number>, offset = 0, stride = 1): void {
    let n = 0;
    let sum = 0;
    for (let i = offset; i < values.length; i += stride, n++) sum += values[i];
    if (n === 0) return;
    const chunkMean = sum / n;
    let chunkSquares = 0;
    for (let i = offset; i < values.length; i += stride) chunkSquares += (values[i] - chunkMean) ** 2;
    const total = this.count + n;
    const delta = chunkMean - this.mean;
    this.squares += chunkSquares + (delta * delta * this.count * n) / total;
    this.mean += (delta * n) / total;
    this.count = total;
  }

  /** Divided by the count, not count - 1: the spread Standardize scales by. */
  get std(): number {
    return this.count === 0 ? 0 : Math.sqrt(this.squares / this.count);
  }
}
