import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { csvNodeParams, chosenTypes } from '@/lib/upload/csv/node-params';
import { csvSourceTable, missingColumns } from '@/lib/upload/csv/source-table';
import { loadSourceTable, MissingUploadError } from '@/lib/datasets/source';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { flowersPipeline, readFlowers } from '../support/csv-pipeline';

describe('csvNodeParams: a read CSV as the CSV file node', () => {
  const data = readFlowers();

  it('lists every column with its detected type, categories and missing values, and picks the last category as target', () => {
    const p = csvNodeParams('flowers.csv', 'fp', data);
    expect(p.columns).toEqual([
      { name: 'petal_length', type: 'number' },
      // A typo ("oops") and a blank: both become missing in a number column.
      { name: 'petal_width', type: 'number', missing: true },
      { name: 'note', type: 'text' },
      { name: 'species', type: 'category', categories: ['setosa', 'versicolor', 'virginica'] },
    ]);
    expect(p).toMatchObject({ file: 'flowers.csv', fingerprint: 'fp', rows: 30, target: 'species', ignore: [], ordered: false });
  });

  it('keeps the types, target and ignored columns chosen for a file with the same columns', () => {
    const first = { ...csvNodeParams('a.csv', 'a', data), ignore: ['note', 'gone'], target: 'petal_length' };
    first.columns = first.columns.map((c) => (c.name === 'note' ? { ...c, type: 'category' as const } : c));
    const again = csvNodeParams('b.csv', 'b', data, first);
    expect(again.columns.find((c) => c.name === 'note')?.categories).toHaveLength(30);
    expect(again).toMatchObject({ target: 'petal_length', ignore: ['note'], fingerprint: 'b' });
    expect(chosenTypes(first, data)).toMatchObject({ note: 'category', species: 'category' });
  });

  it('finds the rows in time order from the first date column', () => {
    const dated = readFlowers('day,value\n2024-01-01,1\n2024-01-02,2\n2024-01-04,3\n');
    expect(csvNodeParams('d.csv', 'd', dated)).toMatchObject({ ordered: true, columns: [{ name: 'day', type: 'date' }, { name: 'value', type: 'number' }] });
    const shuffled = readFlowers('day,value\n2024-01-03,1\n2024-01-02,2\n2024-01-04,3\n');
    expect(csvNodeParams('d.csv', 'd', shuffled).ordered).toBe(false);
  });
});

describe('csvSourceTable: the rows a run trains on', () => {
  const data = readFlowers();
  const columns = [
    { name: 'species', type: 'category' as const, categories: ['setosa', 'versicolor', 'virginica', 'unseen'] },
    { name: 'petal_width', type: 'number' as const },
  ];

  it('keeps the spec columns in their order, with the pipeline categories', () => {
    const table = csvSourceTable(data, columns);
    expect(table.columns.map((c) => c.name)).toEqual(['species', 'petal_width']);
    expect(table.columns[0]).toMatchObject({ type: 'category', categories: ['setosa', 'versicolor', 'virginica', 'unseen'] });
    const widths = Array.from(table.columns[1].values as Float64Array);
    expect(widths.slice(0, 3)).toEqual([0.2, 1.2, 2.2]);
    expect(Number.isNaN(widths[6]) && Number.isNaN(widths[11])).toBe(true);
    expect(csvSourceTable(data, columns, 5).rows).toBe(5);
  });

  it('says which columns a different file lacks', () => {
    expect(missingColumns([{ name: 'species' }, { name: 'colour' }], data)).toEqual(['colour']);
    expect(() => csvSourceTable(data, [{ name: 'colour', type: 'number' }])).toThrow(/no column "colour"/);
  });

  it('refuses a category value the pipeline was not built for', () => {
    expect(() => csvSourceTable(data, [{ name: 'species', type: 'category', categories: ['setosa'] }])).toThrow(/"versicolor", "virginica", which the pipeline was not built for/);
  });
});

describe('compile and load: a pipeline on a CSV file', () => {
  it('compiles with the file schema and loads the stored rows under the fingerprint', async () => {
    const data = readFlowers();
    const compiled = compile(flowersPipeline(data));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    const source = compiled.spec.data.dataset;
    expect(source).toMatchObject({ source: 'csv', file: 'flowers.csv', fingerprint: 'csv-test-1', rows: 30, nodeId: 'dataset', output: 'dataset.table' });
    expect(source.source === 'csv' && source.columns.map((c) => c.name)).toEqual(['petal_length', 'petal_width', 'species']);
    expect(compiled.spec.data.target.info).toEqual({ kind: 'classes', classNames: ['setosa', 'versicolor', 'virginica'] });

    const stored = { kind: 'csv' as const, fingerprint: 'csv-test-1', file: 'flowers.csv', bytes: 1, savedAt: 0, data, problems: [] };
    const table = await loadSourceTable(source, { readFile: nodeReadFile, readUpload: async (fp) => (fp === 'csv-test-1' ? stored : undefined) });
    expect(table.rows).toBe(30);
    await expect(loadSourceTable(source, { readFile: nodeReadFile, readUpload: async () => undefined })).rejects.toBeInstanceOf(MissingUploadError);
  });
});
