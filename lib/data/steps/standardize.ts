import type { DataTensor, StepFunctions } from '../table';

/** Per value position of a sample (a column of a table): the mean and standard deviation of the training rows. */
export interface StandardizeState {
  mean: number[];
  std: number[];
}

/** Scales each column to mean 0 and standard deviation 1, with the statistics of the training rows. */
export const standardizeStep: StepFunctions<Record<string, never>, StandardizeState> = {
  fit: (_params, [input]) => {
    const x = input as DataTensor;
    const rows = x.shape[0];
    const size = rows === 0 ? 0 : x.values.length / rows;
    const mean = new Array<number>(size).fill(0);
    const variance = new Array<number>(size).fill(0);
    for (let r = 0; r < rows; r++) for (let j = 0; j < size; j++) mean[j] += x.values[r * size + j] / rows;
    for (let r = 0; r < rows; r++) for (let j = 0; j < size; j++) variance[j] += (x.values[r * size + j] - mean[j]) ** 2 / rows;
    return { mean, std: variance.map(Math.sqrt) };
  },
  apply: (_params, [input], { mean, std }) => {
    const x = input as DataTensor;
    const size = mean.length;
    // A constant column has no spread: leave it centred instead of dividing by zero.
    const values = Float32Array.from(x.values, (v, i) => (v - mean[i % size]) / Math.max(std[i % size], 1e-7));
    return [{ ...x, dtype: 'float32', values }];
  },
  /*
   * Each chunk's count, mean and sum of squared deviations, merged with Chan et al.'s update: the
   * same statistics as one pass over all the rows (up to rounding), and stable where the naive
   * sum of squares would cancel.
   */
  fitStream: () => {
    let count = 0;
    let mean: number[] = [];
    let squares: number[] = [];
    return {
      add: ([input]) => {
        const x = input as DataTensor;
        const rows = x.shape[0];
        if (rows === 0) return;
        const size = x.values.length / rows;
        const chunkMean = new Array<number>(size).fill(0);
        const chunkSquares = new Array<number>(size).fill(0);
        for (let r = 0; r < rows; r++) for (let j = 0; j < size; j++) chunkMean[j] += x.values[r * size + j] / rows;
        for (let r = 0; r < rows; r++) for (let j = 0; j < size; j++) chunkSquares[j] += (x.values[r * size + j] - chunkMean[j]) ** 2;
        if (count === 0) {
          [count, mean, squares] = [rows, chunkMean, chunkSquares];
          return;
        }
        const total = count + rows;
        for (let j = 0; j < size; j++) {
          const delta = chunkMean[j] - mean[j];
          squares[j] += chunkSquares[j] + (delta * delta * count * rows) / total;
          mean[j] += (delta * rows) / total;
        }
        count = total;
      },
      end: () => ({ mean, std: squares.map((s) => Math.sqrt(s / count)) }),
    };
  },
};
