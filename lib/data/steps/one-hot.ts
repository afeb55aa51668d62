import { columnNames, nothingToFit, type Column, type StepFunctions, type Table } from '../table';

export interface OneHotParams {
  /** Category column names, comma-separated (compile fills in the default when left empty). */
  columns?: string;
}

/** The name of the 0/1 column that marks `category` of `column`. */
export const oneHotName = (column: string, category: string) => `${column}=${category}`;

/**
 * Replaces each chosen category column by one 0/1 number column per category of its schema, in
 * the schema's order and where the column was: the columns are known before any data is read, so
 * compile knows the shapes. A missing value, or one outside the schema, gives all zeros.
 */
export const oneHotStep: StepFunctions<OneHotParams> = {
  apply: (params, [input]) => {
    const table = input as Table;
    const chosen = new Set(columnNames(params.columns));
    return [{ ...table, columns: table.columns.flatMap((c) => (chosen.has(c.name) && c.type === 'category' ? oneHot(c, table.rows) : [c])) }];
  },
  fitStream: nothingToFit,
};

function oneHot(c: Extract<Column, { type: 'category' }>, rows: number): Column[] {
  const columns = c.categories.map((category): Column => ({ name: oneHotName(c.name, category), type: 'number', values: new Float64Array(rows) }));
  const index = new Map(c.categories.map((category, i) => [category, i]));
  for (let r = 0; r < rows; r++) {
    const i = c.values[r] === null ? undefined : index.get(c.values[r]!);
    if (i !== undefined) columns[i].values[r] = 1;
  }
  return columns;
}
