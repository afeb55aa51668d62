import { column as columnNamed, sampleBilinear, type DataTensor, type Table } from '../data/table';
import type { ExampleInput } from './types';

/**
 * How one row of a part becomes an `ExampleInput`, the row as a person reads it in the results
 * (a misclassified example) and in the prediction playground. Pure: the training worker calls
 * these with the part's raw table when its rows line up with the model's rows, else with the
 * model's input tensor.
 */

/** An example image's longest side: a thumbnail in the panel; a 224 px photo kept 24 times per run would fill IndexedDB. */
export const EXAMPLE_IMAGE_SIDE = 96;

/** True when one row of the tensor is an image: [height, width, 1 or 3 channels]. */
export function isImageTensor(tensor: DataTensor): boolean {
  const [, height, width, channels] = tensor.shape;
  return tensor.shape.length === 4 && height > 0 && width > 0 && (channels === 1 || channels === 3);
}

/**
 * Row `row` of an image tensor ([rows, height, width, 1 or 3]) for display: shrunk to at most
 * EXAMPLE_IMAGE_SIDE on its longest side, and its values stretched to 0-255 from that image's own
 * minimum and maximum, since a model reads pixels scaled (0-1) or standardized (around 0), never as
 * display values. An image of one value has no contrast to show: it is black.
 */
export function imageExample(tensor: DataTensor, row: number): Extract<ExampleInput, { kind: 'image' }> {
  if (!isImageTensor(tensor)) throw new Error(`An image example needs rows of [height, width, 1 or 3 channels]; this tensor's shape is [${tensor.shape.join(', ')}].`);
  const [, height, width, channels] = tensor.shape as [number, number, number, 1 | 3];
  const size = height * width * channels;
  const scale = Math.min(1, EXAMPLE_IMAGE_SIDE / Math.max(height, width));
  const outHeight = Math.max(1, Math.round(height * scale));
  const outWidth = Math.max(1, Math.round(width * scale));
  const shrunk = new Float32Array(outHeight * outWidth * channels);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      // The source point under this pixel's centre; at scale 1 it is the pixel itself.
      const sy = (y + 0.5) / scale - 0.5;
      const sx = (x + 0.5) / scale - 0.5;
      sampleBilinear(tensor.values, row * size, height, width, channels, sy, sx, 'nearest', shrunk, (y * outWidth + x) * channels);
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of shrunk) {
    if (Number.isNaN(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const spread = hi - lo;
  const pixels = Uint8Array.from(shrunk, (v) => (spread > 0 && !Number.isNaN(v) ? Math.round(((v - lo) / spread) * 255) : 0));
  return { kind: 'image', width: outWidth, height: outHeight, channels, pixels };
}

/**
 * Row `row` of an input tensor as a person can read it: an image when its rows are images, else
 * its values as numbered cells ("1", "2", ...), which is all a tensor says of them.
 */
export function tensorExample(tensor: DataTensor, row: number): ExampleInput {
  if (isImageTensor(tensor)) return imageExample(tensor, row);
  const size = tensor.shape.slice(1).reduce((a, b) => a * b, 1);
  const values = tensor.values.subarray(row * size, row * size + size);
  return { kind: 'row', cells: Array.from(values, (value, i) => ({ name: String(i + 1), value: Number.isFinite(value) ? value : null })) };
}

/**
 * Row `row` of a table as cells, by column: numbers as numbers, categories and text as text, a
 * missing (or infinite) value as null. Image and series columns are left out: hundreds of values are no cell.
 * `columns` picks and orders the columns (the model's inputs); every other column by default.
 */
export function rowExample(table: Table, row: number, columns?: string[]): Extract<ExampleInput, { kind: 'row' }> {
  const picked = columns ? columns.map((name) => columnNamed(table, name)) : table.columns;
  const cells: { name: string; value: string | number | null }[] = [];
  for (const c of picked) {
    if (c.type === 'number') cells.push({ name: c.name, value: Number.isFinite(c.values[row]) ? c.values[row] : null });
    else if (c.type === 'category' || c.type === 'text') cells.push({ name: c.name, value: c.values[row] });
  }
  return { kind: 'row', cells };
}

/** Row `row` of a text (or category) column as text; a missing value is empty text. */
export function textExample(table: Table, column: string, row: number): Extract<ExampleInput, { kind: 'text' }> {
  const c = columnNamed(table, column);
  if (c.type !== 'text' && c.type !== 'category') throw new Error(`Column "${column}" holds ${c.type}s, not text.`);
  return { kind: 'text', text: c.values[row] ?? '' };
}
