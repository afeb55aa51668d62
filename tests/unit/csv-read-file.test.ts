import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readUpload, type StoredUpload } from '@/lib/storage/uploads';
import { Fingerprint } from '@/lib/upload/fingerprint';
import { describeCsv, readCsvFile, retypeCsv } from '@/lib/upload/csv/read-file';
import { FromReader } from '@/lib/upload/csv/read-protocol';
import { flowersCsv } from '../support/csv-pipeline';

const ragged = `${flowersCsv}\n5.1,0.4,extra,setosa,surplus`;

function digest(text: string): string {
  const fp = new Fingerprint();
  fp.update(new TextEncoder().encode(text));
  return fp.digest('csv');
}

describe('readCsvFile (the CSV reading worker, run in Node)', () => {
  it('keeps the rows under the fingerprint with the reading problems, and answers with the node params', async () => {
    const progress: number[] = [];
    const outcome = await readCsvFile({ file: new File([ragged], 'flowers.csv') }, (m) => progress.push(m.bytes));
    expect(FromReader.parse(outcome)).toEqual(outcome);
    if (outcome.type !== 'read') throw new Error(JSON.stringify(outcome));
    expect(outcome.params).toMatchObject({ file: 'flowers.csv', fingerprint: digest(ragged), rows: 31, target: 'species' });
    expect(progress.at(-1)).toBe(new TextEncoder().encode(ragged).length);

    const stored = await readUpload(outcome.params.fingerprint);
    expect(stored?.kind).toBe('csv');
    const csv = stored as Extract<StoredUpload, { kind: 'csv' }>;
    expect(csv.data.rows).toBe(31);
    // Only the reading's own problem is kept: the column ones follow the chosen types.
    expect(csv.problems.map((p) => [p.code, p.row])).toEqual([['CSV_RAGGED_ROW', 32]]);
    // The ragged row, the typo ("oops" at row 8), the blank in petal_width.
    expect(outcome.problems).toBe(3);
  });

  it('keeps the types, target and left-out columns chosen before', async () => {
    const outcome = await readCsvFile(
      { file: new File([flowersCsv], 'flowers-2.csv'), previous: { columns: [{ name: 'petal_length', type: 'category' }], target: 'petal_width', ignore: ['note'] } },
      () => {},
    );
    if (outcome.type !== 'read') throw new Error(JSON.stringify(outcome));
    expect(outcome.params).toMatchObject({ target: 'petal_width', ignore: ['note'] });
    expect(outcome.params.columns.find((c) => c.name === 'petal_length')?.type).toBe('category');
  });

  it('refuses a file that lacks the columns asked for, and keeps nothing', async () => {
    const text = 'petal_length,species\n1.4,setosa\n4.7,versicolor\n';
    const saved: StoredUpload[] = [];
    const outcome = await readCsvFile({ file: new File([text], 'short.csv'), requiredColumns: ['petal_length', 'petal_width', 'note'] }, () => {}, async (u) => {
      saved.push(u);
    });
    expect(outcome).toEqual({ type: 'missing-columns', columns: ['petal_width', 'note'] });
    expect(saved).toEqual([]);
  });

  it('an empty file is unreadable, with the reader message; a storage failure is an error naming the file', async () => {
    const empty = await readCsvFile({ file: new File([''], 'empty.csv') }, () => {});
    expect(empty).toMatchObject({ type: 'unreadable', problem: { code: 'CSV_EMPTY' } });
    const full = await readCsvFile({ file: new File([flowersCsv], 'flowers.csv') }, () => {}, async () => {
      throw new Error('QuotaExceededError');
    });
    expect(full).toEqual({ type: 'error', message: expect.stringMatching(/^flowers\.csv was read, but this browser could not keep its rows \(QuotaExceededError\)/) });
  });

  it('describes a kept file with the problems for the types asked, and retypes its params from the kept rows', async () => {
    const outcome = await readCsvFile({ file: new File([ragged], 'flowers.csv') }, () => {});
    if (outcome.type !== 'read') throw new Error(JSON.stringify(outcome));
    const { fingerprint } = outcome.params;
    const asRead = await describeCsv(fingerprint, { petal_width: 'number' });
    expect(asRead?.bytes).toBe(new TextEncoder().encode(ragged).length);
    expect(asRead?.detected.petal_width).toEqual({ type: 'number', reason: '29 of 30 values are numbers' });
    expect(asRead?.problems.map((p) => p.code)).toEqual(['CSV_RAGGED_ROW', 'CSV_MISSING', 'CSV_NOT_A_NUMBER']);
    // As text, "oops" is a fine value: only the blank is left.
    const asText = await describeCsv(fingerprint, { petal_width: 'text' });
    expect(asText?.problems.map((p) => p.code)).toEqual(['CSV_RAGGED_ROW', 'CSV_MISSING']);
    expect(await describeCsv('csv-not-here-1', {})).toBeNull();

    const columns = outcome.params.columns.map((c) => (c.name === 'petal_length' ? { ...c, type: 'category' as const } : c));
    const retyped = await retypeCsv({ ...outcome.params, columns });
    expect(retyped?.columns.find((c) => c.name === 'petal_length')?.categories?.length).toBeGreaterThan(1);
    expect(await retypeCsv({ ...outcome.params, fingerprint: 'csv-not-here-1' })).toBeNull();
  });
});
