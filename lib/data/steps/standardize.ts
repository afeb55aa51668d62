import { RunningMoments } from '../moments';
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
  // Chunk by chunk, one RunningMoments per value position of a sample.
  fitStream: () => {
    const moments: RunningMoments[] = [];
    return {
      add: ([input]) => {
        const x = input as DataTensor;
        const rows = x.shape[0];
        if (rows === 0) return;
        const size = x.values.length / rows;
        for (let j = 0; j < size; j++) (moments[j] ??= new RunningMoments()).add(x.values, j, size);
      },
      end: () => ({ mean: moments.map((m) => m.mean), std: moments.map((m) => m.std) }),
    };
  },
};
