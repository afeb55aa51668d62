import { permutation, seededRandom } from '../../engine/random';
import { takeRows, type StepFunctions, type Table } from '../table';

/**
 * Puts the rows of a table in a random order drawn from the step's seed, so a run repeats. The
 * rows are no longer in time order afterwards.
 */
export const shuffleStep: StepFunctions<Record<string, never>> = {
  apply: (_params, [input], _state, ctx) => {
    const table = input as Table;
    return [{ ...takeRows(table, permutation(table.rows, seededRandom(ctx.seed))), ordered: false }];
  },
};
