import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { PipelineDocument } from '@/lib/document/document';
import { deriveSeed, seededRandom } from '@/lib/engine/random';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { csvNodeParams } from '@/lib/upload/csv/node-params';
import { readCsvText } from '@/lib/upload/csv/read-csv';

/**
 * A generated CSV as big as asked, for the streaming test: four measurements and a kind ("a",
 * "b" or "c") that follows from them through a noisy linear rule, so a small MLP can learn it
 * but not perfectly. One row in 200 has no x3 (a blank cell), so the pipeline must fill it.
 * Seeded: the same rows every time.
 */

const header = 'x1,x2,x3,x4,kind';
const weights = [
  [1.2, -0.4, 0.3, 0],
  [-0.6, 1.1, 0, 0.5],
  [0, -0.3, -0.9, 0.8],
];

/** Row `i` of the file (0-based data row), from its own seed so any row can be made on its own. */
export function bigCsvRow(i: number, seed = 7): string {
  const random = seededRandom(deriveSeed(seed, i));
  // Roughly normal: the sum of three uniforms, centred.
  const x = [0, 1, 2, 3].map(() => (random() + random() + random() - 1.5) * 2);
  const scores = weights.map((w) => w.reduce((s, wj, j) => s + wj * x[j], 0) + (random() - 0.5) * 0.8);
  const kind = 'abc'[scores.indexOf(Math.max(...scores))];
  const cells = x.map((v, j) => (j === 2 && i % 200 === 7 ? '' : v.toFixed(4)));
  return `${cells.join(',')},${kind}`;
}

/** Writes a file of `rows` generated rows under its header. */
export async function writeBigCsv(path: string, rows: number, seed = 7): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  const block: string[] = [];
  for (let i = 0; i < rows; i++) {
    block.push(bigCsvRow(i, seed));
    if (block.length === 10_000 || i === rows - 1) {
      if (!out.write(`${block.join('\n')}\n`)) await once(out, 'drain');
      block.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
}

/**
 * The iris MLP on the generated file: a CSV file node (its schema from the first rows; the
 * streamed reader takes the columns from it), the gaps of x3 filled with the training mean after
 * the split, then standardize: two steps whose statistics must be learnt one after the other.
 */
export function bigCsvPipeline(rows: number, { epochs = 1, batchSize = 256 }: { epochs?: number; batchSize?: number } = {}): PipelineDocument {
  const sample = readCsvText([header, ...Array.from({ length: 600 }, (_, i) => bigCsvRow(i))].join('\n'));
  if (!sample.ok) throw new Error(sample.error.message);
  const params = { ...csvNodeParams('big.csv', 'generated', sample.data), rows, target: 'kind' };
  const fill = { id: 'fill', kind: 'preprocess.missingValues', params: { strategy: 'mean', columns: 'x3' }, position: { x: 346, y: 300 } };
  return {
    ...irisMlp,
    name: 'Generated measurements (CSV)',
    edges: [
      ...irisMlp.edges.map((e) => (e.source === 'split' ? { ...e, source: 'fill', sourcePort: 'out' } : e)),
      { source: 'split', sourcePort: 'table', target: 'fill', targetPort: 'in' },
    ],
    nodes: [...irisMlp.nodes, fill].map((n) =>
      n.id === 'dataset'
        ? { ...n, kind: 'data.csv', params }
        : n.id === 'measurements'
          ? { ...n, params: { columns: 'x1, x2, x3, x4' } }
          : n.id === 'species'
            ? { ...n, params: { column: 'kind' } }
            : n.id === 'optimizer'
              ? { ...n, params: { ...n.params, epochs, batchSize } }
              : n,
    ),
  };
}
