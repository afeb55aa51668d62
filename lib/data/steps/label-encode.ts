import { columnNames, nothingToFit, type Column, type StepFunctions, type Table } from '../table';

export interface LabelEncodeParams {
  /** Category column names, comma-separated (compile fills in the default when left empty). */
  columns?: string;
}

/**
 * Replaces each chosen category column by a number column of codes: a value's index among the
 * column's categories (its schema), so the codes are known before any data is read. A missing
 * value, or one outside the schema, stays missing (NaN, how number columns mark a gap): a code
 * such as -1 would pass into the model as if it were a real category.
 */
export const labelEncodeStep: StepFunctions<LabelEncodeParams> = {
  apply: (params, [input]) => {
    const table = input as Table;
    const chosen = new Set(columnNames(params.columns));
    return [{ ...table, columns: table.columns.map((c) => (chosen.has(c.name) && c.type === 'category' ? codes(c) : c)) }];
  },
  fitStream: nothingToFit,
};

function codes(c: Extract<Column, { type: 'category' }>): Column {
  const index = new Map(c.categories.map((category, i) => [category, i]));
  return { name: c.name, type: 'number', values: Float64Array.from(c.values, (v) => (v === null ? undefined : index.get(v)) ?? NaN) };
}
