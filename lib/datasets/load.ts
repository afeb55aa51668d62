import type { Table } from '../data/table';
import { datasets, type DatasetId } from './catalog';
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
} as const satisfies Record<DatasetId, Record<string, string>>;

export type ReadFile = (name: string) => Promise<ArrayBuffer | Uint8Array>;

const rebuildHint = 'Run `npm run datasets` to rebuild the files in public/datasets/.';

/** Parsers of the datasets stored as one text file. */
const textParsers = {
  iris: parseIris,
  penguins: parsePenguins,
  cars: parseCars,
  seattleWeather: parseSeattleWeather,
  spam: parseSpam,
} satisfies Partial<Record<DatasetId, (text: string) => Table>>;

const generators = {
  spirals: generateSpirals,
  xor: generateXor,
  circles: generateCircles,
  waveforms: generateWaveforms,
  ratings: generateRatings,
} satisfies Partial<Record<DatasetId, (rows: number, seed: number) => Table>>;

/**
 * The dataset as a table of the columns the catalogue lists, its first `maxRows` rows (classes
 * interleaved and time order kept, so any prefix is a fair one). Throws with the file's name and
 * what to do when a file is missing or does not hold what the catalogue says.
 */
export async function loadTable(id: DatasetId, readFile: ReadFile, maxRows?: number): Promise<Table> {
  const rows = datasets[id].table.rows;
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
