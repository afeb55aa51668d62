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
 * but not perfectly. Seeded: the same rows every time.
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
  const cells = x.map((v) => v.toFixed(4));
  return `${cells.join(',')},${kind}`;
}

/** Writes a file of `rows` generated rows under its header; returns how many rows each kind has. */
export async function writeBigCsv(path: string, rows: number, seed = 7): Promise<Record<string, number>> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  const block: string[] = [];
  const kinds: Record<string, number> = {};
  for (let i = 0; i < rows; i++) {
    const row = bigCsvRow(i, seed);
    const kind = row.slice(row.lastIndexOf(',') + 1);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    block.push(row);
    if (block.length === 10_000 || i === rows - 1) {
      if (!out.write(`${block.join('\n')}\n`)) await once(out, 'drain');
      block.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
  return kinds;
}

/**
 * The iris MLP on the generated file: CSV file node (its schema from the first rows; the streamed
 * reader takes the columns from it) -> split -> select x1..x4 -> standardize -> Dense 16 ->
 * Dense 3 softmax, the kind as the target.
 */
export function bigCsvPipeline(rows: number, { epochs = 1, batchSize = 4096 }: { epochs?: number; batchSize?: number } = {}): PipelineDocument {
  const sample = readCsvText([header, ...Array.from({ length: 600 }, (_, i) => bigCsvRow(i))].join('\n'));
  if (!sample.ok) throw new Error(sample.error.message);
  const params = { ...csvNodeParams('big.csv', 'generated', sample.data), rows, target: 'kind' };
  return {
    ...irisMlp,
    name: 'Generated measurements (CSV)',
    nodes: irisMlp.nodes.map((n) =>
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
