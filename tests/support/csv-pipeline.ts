import type { PipelineDocument } from '@/lib/document/document';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { readCsvText } from '@/lib/upload/csv/read-csv';
import { csvNodeParams } from '@/lib/upload/csv/node-params';
import type { CsvData } from '@/lib/upload/csv/read-csv';

/**
 * A small flowers CSV, as a person would export it from a spreadsheet: 30 rows, ten per species,
 * with a typo ("oops", row 8) and a blank (row 13) in petal_width and a free-text note column.
 */
export const flowersCsv = [
  'petal_length,petal_width,note,species',
  ...Array.from({ length: 30 }, (_, i) => {
    const species = ['setosa', 'versicolor', 'virginica'][i % 3];
    const length = (1.4 + 2.2 * (i % 3) + (i % 5) * 0.1).toFixed(1);
    const width = i === 6 ? 'oops' : i === 11 ? '' : (0.2 + 0.9 * (i % 3) + (i % 4) * 0.1).toFixed(1);
    return `${length},${width},note ${i},${species}`;
  }),
].join('\n');

export function readFlowers(text = flowersCsv): CsvData {
  const read = readCsvText(text);
  if (!read.ok) throw new Error(read.error.message);
  return read.data;
}

/**
 * The iris MLP on the flowers CSV: its Dataset node replaced by a CSV file node (the note column
 * left out), and the gaps filled with the training rows' mean after the split.
 */
export function flowersPipeline(data = readFlowers()): PipelineDocument {
  const params = { ...csvNodeParams('flowers.csv', 'csv-test-1', data), ignore: ['note'] };
  const fill = { id: 'fill', kind: 'preprocess.missingValues', params: { strategy: 'mean' }, position: { x: 346, y: 300 } };
  return {
    ...irisMlp,
    name: 'Flowers (CSV)',
    edges: [
      ...irisMlp.edges.map((e) => (e.source === 'split' ? { ...e, source: 'fill', sourcePort: 'out' } : e)),
      { source: 'split', sourcePort: 'table', target: 'fill', targetPort: 'in' },
    ],
    nodes: [...irisMlp.nodes, fill].map((n) =>
      n.id === 'dataset'
        ? { ...n, kind: 'data.csv', params }
        : n.id === 'measurements'
          ? { ...n, params: { columns: 'petal_length, petal_width' } }
          : n.id === 'species'
            ? { ...n, params: { column: 'species' } }
            : n,
    ),
  };
}
