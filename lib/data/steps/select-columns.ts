import { column, columnNames, nothingToFit, rowSize, type Column, type DataTensor, type StepFunctions, type Table } from '../table';

export interface SelectColumnsParams {
  /** Column names, comma-separated (compile fills in the default when left empty). */
  columns?: string;
}

/**
 * Turns chosen columns into the tensor a model reads: number columns side by side as float32
 * [rows, n]; category columns as int32 codes [rows, n] (the index of the value in the column's
 * categories, for an Embedding); one image or series column as float32 [rows, ...its shape].
 * compile() refuses the mixes this cannot make, so the checks here only guard against bugs.
 */
export const selectColumnsStep: StepFunctions<SelectColumnsParams> = {
  apply: (params, [input]) => [selectColumns(input as Table, columnNames(params.columns))],
  fitStream: nothingToFit,
};

export function selectColumns(table: Table, names: string[]): DataTensor {
  const columns = names.map((name) => column(table, name));
  const rows = table.rows;
  if (columns.length === 1 && (columns[0].type === 'image' || columns[0].type === 'series')) {
    const c = columns[0];
    return { kind: 'tensor', shape: [rows, ...c.shape], dtype: 'float32', values: Float32Array.from(c.values) };
  }
  if (columns.every((c) => c.type === 'category')) {
    const values = new Int32Array(rows * columns.length);
    columns.forEach((c, j) => {
      if (c.type !== 'category') return;
      const codes = new Map(c.categories.map((name, code) => [name, code]));
      for (let r = 0; r < rows; r++) {
        const code = codes.get(c.values[r] ?? '');
        if (code === undefined) throw new Error(missingMessage(c, r, c.values[r]));
        values[r * columns.length + j] = code;
      }
    });
    return { kind: 'tensor', shape: [rows, columns.length], dtype: 'int32', values };
  }
  const values = new Float32Array(rows * columns.length);
  columns.forEach((c, j) => {
    if (c.type !== 'number' || rowSize(c) !== 1) throw new Error(`Column "${c.name}" (${c.type}) cannot be mixed with number columns in one tensor.`);
    for (let r = 0; r < rows; r++) {
      const v = c.values[r];
      if (Number.isNaN(v)) throw new Error(missingMessage(c, r, null));
      values[r * columns.length + j] = v;
    }
  });
  return { kind: 'tensor', shape: [rows, columns.length], dtype: 'float32', values };
}

function missingMessage(c: Column, row: number, value: string | null): string {
  return value === null || Number.isNaN(value)
    ? `Column "${c.name}" has no value in row ${row + 1}: fill or drop missing values before selecting it.`
    : `Column "${c.name}" has the value "${value}" in row ${row + 1}, which is not one of its categories.`;
}
