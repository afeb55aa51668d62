import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellNumber, cellText } from '@/lib/upload/csv/column-cells';
import { decodeUtf8, readCsvChunks } from '@/lib/upload/csv/read-csv-chunks';
import { LISTED_ROW_PROBLEMS, type CsvProblem } from '@/lib/upload/csv/problems';
import { createCsvReader, csvParseConfig, guessDelimiter, readCsvText, type CsvData, type CsvResult } from '@/lib/upload/csv/read-csv';

function read(text: string): { data: CsvData; problems: CsvProblem[] } {
  const result = readCsvText(text);
  if (!result.ok) throw new Error(`expected a table, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function failure(text: string): CsvProblem {
  const result = readCsvText(text);
  if (result.ok) throw new Error('expected no table');
  return result.error;
}

/** Each column's cells as text (null = missing), row by row. */
function texts(data: CsvData): Record<string, (string | null)[]> {
  return Object.fromEntries(data.columns.map((c) => [c.name, Array.from({ length: data.rows }, (_, row) => cellText(c.cells, row))]));
}

const withCode = (problems: CsvProblem[], code: string) => problems.filter((p) => p.code === code);

describe('reading a CSV', () => {
  it('reads a plain file: names, cells, rows as a spreadsheet numbers them', () => {
    const { data, problems } = read('name,age\nAda,36\nAlan,41\n');
    expect(data.columns.map((c) => c.name)).toEqual(['name', 'age']);
    expect(texts(data)).toEqual({ name: ['Ada', 'Alan'], age: ['36', '41'] });
    expect(Array.from(data.fileRows)).toEqual([2, 3]);
    expect(problems).toEqual([]);
  });

  it('takes BOM, CRLF, quoted delimiters, doubled quotes and line breaks from papaparse', () => {
    const { data, problems } = read('\uFEFFid,note\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n4,end\r\n');
    expect(data.columns[0].name).toBe('id');
    expect(texts(data).note).toEqual(['a, b', 'say "hi"', 'two\r\nlines', 'end']);
    // The quoted line break does not shift row numbers: row = record number.
    expect(Array.from(data.fileRows)).toEqual([2, 3, 4, 5]);
    expect(problems).toEqual([]);
  });

  it('detects semicolons, tabs and pipes as delimiters', () => {
    for (const delimiter of [';', '\t', '|']) {
      const { data } = read(['a', 'b', 'c'].join(delimiter) + '\n' + ['1', '2', '3'].join(delimiter) + '\n' + ['4', '5', '6'].join(delimiter));
      expect(texts(data)).toEqual({ a: ['1', '4'], b: ['2', '5'], c: ['3', '6'] });
    }
  });

  it('guesses the delimiter where papaparse alone falls back to a comma', () => {
    // papaparse's guess averages the trailing blank line in: 5 cells over 3 rows is under 2.
    expect(Papa.parse<string[]>('a;b\n1;2\n').meta.delimiter).toBe(',');
    expect(guessDelimiter('a;b\n1;2\n')).toBe(';');
    expect(guessDelimiter('a|b\n1\n')).toBe('|');
    expect(guessDelimiter('price;size\n1,5;2,25\n3,75;4\n')).toBe(';');
    expect(guessDelimiter('name,notes\nAda,a;b;c\nAlan,d;e\n')).toBe(',');
    // One column: the delimiter that cuts no cell.
    expect(guessDelimiter('amount\n1,5\n2,5\n')).not.toBe(',');
    expect(texts(read('amount\n1,5\n2,5\n').data)).toEqual({ amount: ['1,5', '2,5'] });
  });

  it('skips blank lines but keeps the numbers of the rows after them', () => {
    const { data, problems } = read('\n\na,b\n1,2\n\n3,4\n\n\n');
    expect(texts(data)).toEqual({ a: ['1', '3'], b: ['2', '4'] });
    expect(Array.from(data.fileRows)).toEqual([4, 6]);
    expect(problems).toEqual([]);
  });

  it('in a one-column file a blank line between rows is a missing value, trailing ones are not rows', () => {
    const { data, problems } = read('x\n1\n\n3\n\n');
    expect(texts(data)).toEqual({ x: ['1', null, '3'] });
    expect(withCode(problems, 'CSV_MISSING')).toEqual([expect.objectContaining({ row: 3, column: 'x' })]);
  });

  it('keeps hostile text as plain strings, in names and in cells', () => {
    const { data } = read('"<img src=x onerror=alert(1)>",b\n"<script>alert(2)</script>",=cmd|x\n');
    expect(data.columns[0].name).toBe('<img src=x onerror=alert(1)>');
    expect(texts(data)).toEqual({ '<img src=x onerror=alert(1)>': ['<script>alert(2)</script>'], b: ['=cmd|x'] });
  });

  it('trims cells and reads missing markers as missing whatever their case', () => {
    const { data } = read('v\n" 1 "\nNA\nn/a\nNaN\nnull\n?\n-\n  \nNULL\n2\n');
    expect(texts(data).v).toEqual(['1', null, null, null, null, null, null, null, null, '2']);
  });
});

describe('files that give no table', () => {
  it('CSV_EMPTY: nothing, or only blank lines', () => {
    for (const text of ['', '\n', '\r\n\r\n', '   \n\t\n']) expect(failure(text)).toMatchObject({ code: 'CSV_EMPTY', row: 1 });
  });

  it('CSV_NO_ROWS: a header alone, naming the row where data should start', () => {
    expect(failure('a,b,c')).toMatchObject({ code: 'CSV_NO_ROWS', row: 2 });
    const error = failure('a,b,c\r\n\r\n');
    expect(error).toMatchObject({ code: 'CSV_NO_ROWS' });
    expect(error.message).toContain('"a", "b" and "c"');
  });

  it('CSV_NOT_TEXT: binary data (a zip, a workbook)', () => {
    const zipLike = 'PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000\u0000\u0000!\u0000b\u00ee\u009dh^\u0001';
    expect(failure(zipLike)).toMatchObject({ code: 'CSV_NOT_TEXT', row: 1 });
    expect(failure('a,b\n1,2\n3,\u0000\u0001\n')).toMatchObject({ code: 'CSV_NOT_TEXT', row: 3 });
  });
});

describe('problems, each with its row and column', () => {
  it('CSV_EMPTY_HEADER: a nameless column is named by its position', () => {
    const { data, problems } = read('a,,c\n1,2,3\n');
    expect(data.columns.map((c) => c.name)).toEqual(['a', 'column 2', 'c']);
    expect(withCode(problems, 'CSV_EMPTY_HEADER')).toEqual([expect.objectContaining({ row: 1, column: 'column 2' })]);
  });

  it('CSV_DUPLICATE_HEADER: repeats are renamed without clashing with existing names, nothing is lost', () => {
    const { data, problems } = read('x,x,x (2),x\n1,2,3,4\n');
    expect(data.columns.map((c) => c.name)).toEqual(['x', 'x (3)', 'x (2)', 'x (4)']);
    expect(texts(data)).toEqual({ x: ['1'], 'x (3)': ['2'], 'x (2)': ['3'], 'x (4)': ['4'] });
    const duplicates = withCode(problems, 'CSV_DUPLICATE_HEADER');
    expect(duplicates.map((p) => [p.row, p.column])).toEqual([
      [1, 'x (3)'],
      [1, 'x (4)'],
    ]);
    expect(duplicates[0].message).toContain('column 2 is called "x (3)"');
  });

  it('CSV_RAGGED_ROW: short rows are padded with missing values, long rows lose their extra cells, both said', () => {
    const { data, problems } = read('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,,\n');
    expect(texts(data)).toEqual({ a: ['1', '4', '6', '10'], b: ['2', '5', '7', '11'], c: ['3', null, '8', '12'] });
    const ragged = withCode(problems, 'CSV_RAGGED_ROW');
    // Row 5 only has a trailing delimiter: its extra cells are empty, nothing is dropped.
    expect(ragged.map((p) => [p.row, p.column])).toEqual([
      [3, 'c'],
      [4, undefined],
    ]);
    expect(ragged[0].message).toContain('Row 3 has 2 cells where the header has 3 columns');
    expect(ragged[1].message).toContain('("9") is dropped');
  });

  it('keeps the reading\'s own problems apart from the column ones, which depend on the types chosen', () => {
    const result = readCsvText('a,a\n1,x\n2\n3,y\n');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.readingProblems.map((p) => p.code)).toEqual(['CSV_DUPLICATE_HEADER', 'CSV_RAGGED_ROW']);
    // The column problems (the gap left by the short row) follow them in `problems`.
    expect(result.problems.slice(0, 2)).toEqual(result.readingProblems);
    expect(result.problems.slice(2).map((p) => p.code)).toEqual(['CSV_MISSING']);
  });

  it('CSV_BAD_QUOTES: an unclosed quote is named by its row', () => {
    const { problems } = read('a,b\n1,2\n3,"oops\n5,6\n');
    expect(withCode(problems, 'CSV_BAD_QUOTES')).toEqual([expect.objectContaining({ row: 3 })]);
  });

  it('CSV_MISSING: one summary per column with the first rows', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${i % 3 === 0 ? 'NA' : i}`);
    const { problems } = read(['k,v', ...rows].join('\n'));
    const missing = withCode(problems, 'CSV_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ row: 2, column: 'v' });
    expect(missing[0].message).toContain('7 missing values (rows 2, 5, 8, 11, 14 and 2 more)');
  });

  it('CSV_NOT_A_NUMBER: a stray word in a numeric column, with its row, column and text', () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i === 16 ? 'twelve' : String(i * 1.5)));
    const { data, problems } = read(['price', ...rows].join('\n'));
    expect(data.columns[0].detected.type).toBe('number');
    expect(withCode(problems, 'CSV_NOT_A_NUMBER')).toEqual([{ code: 'CSV_NOT_A_NUMBER', row: 18, column: 'price', message: expect.stringContaining('"twelve" is not a number') }]);
  });

  it('CSV_NOT_A_DATE: a bad cell in a date column', () => {
    const rows = Array.from({ length: 30 }, (_, i) => (i === 4 ? '2024-02-30' : `2024-01-${String(i + 1).padStart(2, '0')}`));
    const { data, problems } = read(['day', ...rows].join('\n'));
    expect(data.columns[0].detected.type).toBe('date');
    expect(withCode(problems, 'CSV_NOT_A_DATE')).toEqual([expect.objectContaining({ row: 6, column: 'day' })]);
  });

  it('CSV_CONSTANT_COLUMN and CSV_EMPTY_COLUMN', () => {
    const { problems } = read('a,same,none\n1,x,\n2,x,NA\n3,,\n');
    expect(withCode(problems, 'CSV_CONSTANT_COLUMN')).toEqual([expect.objectContaining({ column: 'same', message: expect.stringContaining('("x")') })]);
    expect(withCode(problems, 'CSV_EMPTY_COLUMN')).toEqual([expect.objectContaining({ column: 'none' })]);
    expect(withCode(problems, 'CSV_MISSING').map((p) => p.column)).toEqual(['same']);
  });

  it('CSV_MORE_PROBLEMS: row problems are listed up to the cap and the rest counted', () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i}`);
    const { data, problems } = read(['a,b', ...rows].join('\n'));
    expect(data.rows).toBe(500);
    expect(withCode(problems, 'CSV_RAGGED_ROW')).toHaveLength(LISTED_ROW_PROBLEMS);
    const more = withCode(problems, 'CSV_MORE_PROBLEMS');
    expect(more).toHaveLength(1);
    expect(more[0].message).toContain('300 more rows with the wrong number of cells');
    // Column-level problems are listed whatever the count of row ones.
    expect(withCode(problems, 'CSV_EMPTY_COLUMN')).toEqual([expect.objectContaining({ column: 'b' })]);
  });
});

function usedMemory(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

describe('the accumulator', () => {
  const text = ['id,city,score,when', ...Array.from({ length: 3000 }, (_, i) => `${i},${['Oslo', 'Lima', 'Pune'][i % 3]},${(i * 0.37).toFixed(2)},2024-01-${String((i % 28) + 1).padStart(2, '0')}`)].join('\r\n');

  it('gives the same result however the records are split into chunks', () => {
    const whole = readCsvText(text);
    const records = Papa.parse<string[]>(text).data;
    const reader = createCsvReader();
    for (let at = 0; at < records.length; at += 7) reader.push(records.slice(at, at + 7));
    expect(reader.finish()).toEqual(whole);
  });

  it('is what Papa.parse feeds chunk by chunk (small chunks of text)', () => {
    const reader = createCsvReader();
    const cursors: number[] = [];
    Papa.parse<string[]>(text, { ...csvParseConfig(reader, (cursor) => cursors.push(cursor)), chunkSize: 4096, complete: () => undefined });
    expect(cursors.length).toBeGreaterThan(10);
    expect(cursors.at(-1)).toBe(text.length);
    expect(reader.finish()).toEqual(readCsvText(text));
  });

  it('keeps high-cardinality numbers in a Float64Array and text cells among them aside', () => {
    const { data, problems } = read(['x', ...Array.from({ length: 5000 }, (_, i) => (i === 4321 ? 'oops' : String(i / 7)))].join('\n'));
    const cells = data.columns[0].cells;
    expect(cells.kind).toBe('parsed');
    expect(cellNumber(cells, 3)).toBeCloseTo(3 / 7, 12);
    expect(cellText(cells, 4321)).toBe('oops');
    expect(withCode(problems, 'CSV_NOT_A_NUMBER')).toEqual([expect.objectContaining({ row: 4323, column: 'x' })]);
  });

  it('moves a column to plain strings when it turns out to be text', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => (i < 3000 ? String(i) : `word ${i}`));
    const { data } = read(['x', ...rows].join('\n'));
    const cells = data.columns[0].cells;
    expect(cells.kind).toBe('strings');
    expect([cellText(cells, 0), cellText(cells, 2999), cellText(cells, 5999)]).toEqual(['0', '2999', 'word 5999']);
    expect(data.columns[0].detected.type).toBe('text');
  });

  it('stops at the first sign of binary data and says so', () => {
    const reader = createCsvReader();
    reader.push([['a'], ['\u0000\u0001']]);
    expect(reader.failure?.code).toBe('CSV_NOT_TEXT');
    reader.push([['1']]);
    const result: CsvResult = reader.finish();
    expect(result).toMatchObject({ ok: false, error: { code: 'CSV_NOT_TEXT', row: 2 } });
  });

  it('holds 1,000,000 rows x 10 columns pushed in chunks', () => {
    const rows = 1_000_000;
    const chunk = 20_000;
    const cities = ['Oslo', 'Lima', 'Pune', 'Kyiv', 'Nara'];
    const started = performance.now();
    const memoryBefore = usedMemory();
    const reader = createCsvReader();
    reader.push([['id', 'a', 'b', 'c', 'd', 'e', 'f', 'city', 'flag', 'day']]);
    let expectedB = 0;
    for (let first = 0; first < rows; first += chunk) {
      const records: string[][] = [];
      for (let i = first; i < first + chunk; i++) {
        const b = ((i * 7919) % 10007) / 100;
        expectedB += b;
        records.push([String(i), String(i % 100), String(b), String(-i), String(i * 0.5), String(i % 7), String((i % 13) - 6), cities[i % 5], i % 2 ? 'yes' : 'no', `2024-01-${String((i % 28) + 1).padStart(2, '0')}`]);
      }
      reader.push(records);
    }
    const result = reader.finish();
    const seconds = (performance.now() - started) / 1000;
    const memoryMb = (usedMemory() - memoryBefore) / 2 ** 20;
    console.log(`1,000,000 rows x 10 columns: ${seconds.toFixed(1)} s, heap and array buffers +${memoryMb.toFixed(0)} MB (garbage included)`);
    if (!result.ok) throw new Error(result.error.message);
    const { data } = result;
    expect(data.rows).toBe(rows);
    const sum = (name: string) => {
      const column = data.columns.find((c) => c.name === name)!;
      let total = 0;
      for (let row = 0; row < rows; row++) total += cellNumber(column.cells, row);
      return total;
    };
    expect(sum('id')).toBe((rows * (rows - 1)) / 2);
    expect(sum('c')).toBe(-(rows * (rows - 1)) / 2);
    expect(sum('b')).toBeCloseTo(expectedB, 3);
    expect(data.columns.map((c) => c.detected.type)).toEqual(['number', 'number', 'number', 'number', 'number', 'number', 'number', 'category', 'category', 'date']);
    expect(data.columns.find((c) => c.name === 'id')!.cells.kind).toBe('parsed');
    expect(cellText(data.columns[7].cells, 999_999)).toBe('Nara');
    expect(result.problems).toEqual([]);
    // What the data keeps: one typed-array slot per cell (8 bytes for parsed numbers, 4 for
    // dictionary ids) and no string per cell; a string per cell would be ~10 million strings.
    expect(data.columns.every((c) => c.cells.kind !== 'strings')).toBe(true);
    const bytes = data.fileRows.byteLength + data.columns.reduce((total, c) => total + (c.cells.kind === 'dictionary' ? c.cells.ids.byteLength : c.cells.kind === 'parsed' ? c.cells.values.byteLength : 0), 0);
    expect(bytes).toBeLessThanOrEqual(rows * (4 * 8 + 6 * 4 + 4));
  }, 120_000);
});

describe('reading a stream of text or bytes', () => {
  async function* pieces<T>(items: T[]): AsyncGenerator<T> {
    for (const item of items) yield item;
  }

  /** `values` cut at every `size`-th element. */
  function cut<T extends { slice(a: number, b: number): T; length: number }>(values: T, size: number): T[] {
    const parts: T[] = [];
    for (let at = 0; at < values.length; at += size) parts.push(values.slice(at, at + size));
    return parts;
  }

  const text = ['\uFEFFort;größe;note', ...Array.from({ length: 40_000 }, (_, i) => `Zürich ${i % 7};${(i * 0.5).toFixed(1)};"猫 ""${i}""\r\nzwei"`)].join('\r\n');

  it('gives what readCsvText gives, however the text is cut', async () => {
    const whole = readCsvText(text);
    expect(whole.ok && whole.data.rows).toBe(40_000);
    for (const size of [1, 977, 65_536]) {
      const progress: number[] = [];
      expect(await readCsvChunks(pieces(cut(text, size)), (chars) => progress.push(chars))).toEqual(whole);
      expect(progress.at(-1)).toBe(text.length);
    }
  });

  it('keeps characters of several bytes whole when the bytes are cut inside them', async () => {
    const bytes = new TextEncoder().encode(text);
    // 4,099 bytes a chunk cuts inside "ü", "ö", "ß" and "猫" again and again.
    const result = await readCsvChunks(decodeUtf8(pieces(cut(bytes, 4099))));
    expect(result).toEqual(readCsvText(text));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.columns.map((c) => c.name)).toEqual(['ort', 'größe', 'note']);
    expect(JSON.stringify(result)).not.toContain('\uFFFD');
  });

  it('stops reading binary data', async () => {
    let served = 0;
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        served++;
        yield 'PK\u0003\u0004\u0000'.repeat(300_000);
      }
    }
    expect(await readCsvChunks(endless())).toMatchObject({ ok: false, error: { code: 'CSV_NOT_TEXT', row: 1 } });
    expect(served).toBeLessThan(5);
  });
});
