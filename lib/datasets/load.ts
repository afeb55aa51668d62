import { type Column, type Table, column, rowSize } from '../data/table';
import { datasets, tableDatasets, type DatasetId, type TableDatasetId } from './catalog';
import {
  firstRows,
  mnistFiles,
  mnistTable,
  packageFiles,
  parseCars,
  parseIris,
  parsePenguins,
  parseSeattleWeather,
  parseSpam,
  spamFile,
} from './tables';
import { generateCircles, generateRatings, generateSpirals, generateWaveforms, generateXor, syntheticSeed } from './synthetic';

/**
 * Turns the files lib/datasets/build.ts writes into tables (and, for the engine of today, into
 * feature and label arrays). Pure: the caller supplies how files are read (fetch in the browser,
 * fs in Node).
 */

/** Files each dataset needs, as written into public/datasets/ (served at /datasets/); synthetic sets need none. */
export const datasetFiles = {
  mnist: mnistFiles,
  iris: { table: packageFiles.iris },
  penguins: { table: packageFiles.penguins },
  cars: { table: packageFiles.cars },
  seattleWeather: { table: packageFiles.seattleWeather },
  spam: { table: spamFile },
  spirals: {},
  xor: {},
  circles: {},
  waveforms: {},
  ratings: {},
} as const satisfies Record<TableDatasetId, Record<string, string>>;

export type ReadFile = (name: string) => Promise<ArrayBuffer | Uint8Array>;

const rebuildHint = 'Run `npm run datasets` to rebuild the files in public/datasets/.';

/** Parsers of the datasets stored as one text file. */
const textParsers = {
  iris: parseIris,
  penguins: parsePenguins,
  cars: parseCars,
  seattleWeather: parseSeattleWeather,
  spam: parseSpam,
} satisfies Partial<Record<TableDatasetId, (text: string) => Table>>;

const generators = {
  spirals: generateSpirals,
  xor: generateXor,
  circles: generateCircles,
  waveforms: generateWaveforms,
  ratings: generateRatings,
} satisfies Partial<Record<TableDatasetId, (rows: number, seed: number) => Table>>;

/**
 * The dataset as a table of the columns the catalogue lists, its first `maxRows` rows (classes
 * interleaved and time order kept, so any prefix is a fair one). Throws with the file's name and
 * what to do when a file is missing or does not hold what the catalogue says.
 */
export async function loadTable(id: TableDatasetId, readFile: ReadFile, maxRows?: number): Promise<Table> {
  const rows = tableDatasets[id].table.rows;
  const count = Math.min(maxRows ?? rows, rows);
  if (id in generators) return firstRows(generators[id as keyof typeof generators](rows, syntheticSeed), count);

  if (id === 'mnist') {
    const [images, labels] = await Promise.all([readFile(mnistFiles.images).then(bytes), readFile(mnistFiles.labels).then(bytes)]);
    // Only the rows asked for become floats: a quick 200-digit run need not convert all 10,000.
    return withRebuildHint(() => mnistTable(images, labels, rows, count));
  }

  const parse = textParsers[id as keyof typeof textParsers];
  const file = datasetFiles[id as keyof typeof textParsers].table;
  const text = new TextDecoder().decode(bytes(await readFile(file)));
  const table = withRebuildHint(() => parse(text));
  if (table.rows !== rows) throw new Error(`${file} holds ${table.rows} rows, but lib/datasets/catalog.ts says ${rows}. ${rebuildHint}`);
  return firstRows(table, count);
}

function withRebuildHint<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} ${rebuildHint}`);
  }
}

function bytes(data: ArrayBuffer | Uint8Array): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

// ---- The features/labels view the engine reads today (retired once it reads tables) ------------

export interface LoadedDataset {
  id: DatasetId;
  /** Raw values, sample after sample (MNIST pixels are 0-255: the Normalize node scales them). */
  features: Float32Array;
  /** Shape of one sample, without the batch dimension. */
  featureShape: number[];
  /** Class index of each sample. */
  labels: Int32Array;
  classes: number;
  count: number;
}

/** The table's target as class indices, every other column as features, sample after sample. */
export async function loadDataset(id: DatasetId, readFile: ReadFile, maxSamples?: number): Promise<LoadedDataset> {
  const info = datasets[id];
  const table = await loadTable(id, readFile, maxSamples);
  const target = column(table, tableDatasets[id].table.target!);
  if (target.type !== 'category') throw new Error(`${id}: the target "${target.name}" is not a category column.`);
  const features = rowMajor(
    table.columns.filter((c) => c !== target),
    table.rows,
  );
  return {
    id,
    features,
    featureShape: info.featureShape.slice(),
    labels: Int32Array.from(target.values, (v) => info.classNames.indexOf(v ?? '')),
    classes: info.classNames.length,
    count: table.rows,
  };
}

/** The values of `columns` (number, image or series) row after row, each row's columns side by side. */
function rowMajor(columns: Column[], rows: number): Float32Array {
  const [only] = columns;
  // Already row after row: MNIST's 7.8 million pixels need no copy.
  if (columns.length === 1 && (only.type === 'image' || only.type === 'series')) return only.values;
  const width = columns.reduce((sum, c) => sum + rowSize(c), 0);
  const out = new Float32Array(rows * width);
  let offset = 0;
  for (const c of columns) {
    if (c.type === 'category' || c.type === 'text') throw new Error(`Column "${c.name}" holds ${c.type} values, not numbers.`);
    const size = rowSize(c);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < size; k++) out[r * width + offset + k] = c.values[r * size + k];
    }
    offset += size;
  }
  return out;
}
