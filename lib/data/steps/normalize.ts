import type { DataTensor, StepFunctions } from '../table';

/** The smallest and largest value of the training rows. */
export interface NormalizeState {
  min: number;
  max: number;
}

/**
 * Min-max scaling into [0, 1] with one global min and max, learnt from the training rows: scaling
 * pixels must keep their relative brightness, so it is not done column by column.
 */
export const normalizeStep: StepFunctions<Record<string, never>, NormalizeState> = {
  fit: (_params, [input]) => {
    const { values } = input as DataTensor;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      if (values[i] < min) min = values[i];
      if (values[i] > max) max = values[i];
    }
    return values.length === 0 ? { min: 0, max: 1 } : { min, max };
  },
  apply: (_params, [input], { min, max }) => {
    const x = input as DataTensor;
    const range = Math.max(max - min, 1e-7);
    return [{ ...x, dtype: 'float32', values: Float32Array.from(x.values, (v) => (v - min) / range) }];
  },
  // The min of the chunks' mins is the min of all the rows.
  fitStream: (params) => {
    let min = Infinity;
    let max = -Infinity;
    return {
      add: (inputs, ctx) => {
        const chunk = normalizeStep.fit!(params, inputs, ctx);
        if ((inputs[0] as DataTensor).values.length === 0) return;
        min = Math.min(min, chunk.min);
        max = Math.max(max, chunk.max);
      },
      end: () => (min > max ? { min: 0, max: 1 } : { min, max }),
    };
  },
};
