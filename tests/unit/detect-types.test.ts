import { describe, expect, it } from 'vitest';
import { cellKind, CellKind, formatDate, isMissingText, parseDate, parseNumber } from '@/lib/upload/csv/cell-values';
import { columnProblems, detectColumnType } from '@/lib/upload/csv/detect-types';
import { readCsvText, type CsvData } from '@/lib/upload/csv/read-csv';

function data(text: string): CsvData {
  const result = readCsvText(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

/** The detected type and reason of a one-column file with these cells. */
function detect(cells: string[]) {
  return data(['x', ...cells].join('\n')).columns[0].detected;
}

describe('reading one cell', () => {
  it('missing markers: empty, NA, N/A, NaN, null, ?, - in any case, trimmed by the reader', () => {
    for (const text of ['', 'NA', 'na', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'Null', '?', '-']) expect(isMissingText(text)).toBe(true);
    for (const text of ['0', 'none', 'N', 'NAN!', '--', 'nil', 'false']) expect(isMissingText(text)).toBe(false);
  });

  it('numbers: plain, signed, decimals, exponents', () => {
    const cases: [string, number][] = [
      ['0', 0],
      ['42', 42],
      ['-3.5', -3.5],
      ['+7', 7],
      ['.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['-2.5E-3', -0.0025],
      ['007', 7],
    ];
    for (const [text, value] of cases) expect(parseNumber(text)).toBe(value);
  });

  it('thousands separators only in groups of three with a decimal point; decimal commas and the rest are not numbers', () => {
    expect(parseNumber('1,234')).toBe(1234);
    expect(parseNumber('-12,345,678.25')).toBe(-12345678.25);
    for (const text of ['12,5', '1,23', '1,2345', '1.234,5', ',123', '1,,234', '0x10', 'Infinity', '-Infinity', '1e999', '1_000', '12 kg', '3%', '$5', '1 234', 'e5', '.', '+', '--1'])
      expect(parseNumber(text), text).toBeNaN();
  });

  it('dates: ISO with an optional time and zone, year-first slashes, day-first dots', () => {
    expect(parseDate('2024-03-09')).toBe(Date.UTC(2024, 2, 9));
    expect(parseDate('2024-03-09T14:05')).toBe(Date.UTC(2024, 2, 9, 14, 5));
    expect(parseDate('2024-03-09 14:05:30.25')).toBe(Date.UTC(2024, 2, 9, 14, 5, 30, 250));
    expect(parseDate('2024-03-09T14:05:30Z')).toBe(Date.UTC(2024, 2, 9, 14, 5, 30));
    expect(parseDate('2024-03-09T14:05:30+02:00')).toBe(Date.UTC(2024, 2, 9, 12, 5, 30));
    expect(parseDate('2024-03-09T14:05:30-0130')).toBe(Date.UTC(2024, 2, 9, 15, 35, 30));
    expect(parseDate('2024/3/9')).toBe(Date.UTC(2024, 2, 9));
    expect(parseDate('09.03.2024')).toBe(Date.UTC(2024, 2, 9));
    expect(parseDate('1969-12-31')).toBe(-86_400_000);
  });

  it('not dates: impossible days, ambiguous slashes, numbers, words', () => {
    for (const text of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-03-09T25:00', '2024-03-09T12:60', '03/09/2024', '9/3/2024', '20240309', '2024-3-9', 'March 9', 'yesterday', '12345678'])
      expect(parseDate(text), text).toBeNaN();
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });

  it('a cell that reads as a number is a number, not a date', () => {
    expect(cellKind('2024')).toBe(CellKind.Number);
    expect(cellKind('2024-01-01')).toBe(CellKind.Date);
    expect(cellKind('n/a')).toBe(CellKind.Missing);
    expect(cellKind('<b>x</b>')).toBe(CellKind.Other);
  });

  it('dates format back as ISO, the day alone at midnight', () => {
    expect(formatDate(Date.UTC(2024, 2, 9))).toBe('2024-03-09');
    expect(formatDate(Date.UTC(2024, 2, 9, 1, 2, 3))).toBe('2024-03-09T01:02:03.000Z');
  });
});

describe('detecting a column type', () => {
  it('number, with the reason', () => {
    expect(detect(Array.from({ length: 1460 }, (_, i) => String(i % 9)))).toEqual({ type: 'number', reason: 'all 1,460 values are numbers', distinct: 9 });
  });

  it('still number with a few stray cells (95% or more), which become problems', () => {
    const cells = Array.from({ length: 40 }, (_, i) => (i < 2 ? 'unknown' : String(i)));
    expect(detect(cells)).toMatchObject({ type: 'number', reason: '38 of 40 values are numbers' });
    const many = Array.from({ length: 40 }, (_, i) => (i < 3 ? 'unknown' : String(i)));
    expect(detect(many).type).not.toBe('number');
  });

  it('missing values do not count against a type', () => {
    expect(detect(['1', 'NA', '', '2', '?', '3'])).toMatchObject({ type: 'number', reason: 'all 3 values are numbers' });
  });

  it('date', () => {
    expect(detect(['2024-01-01', '2024-01-02', '2024-01-02 10:00', 'NA'])).toMatchObject({ type: 'date', reason: 'all 3 values are dates' });
  });

  it('category: few short repeated values', () => {
    const species = Array.from({ length: 150 }, (_, i) => ['setosa', 'versicolor', 'virginica'][i % 3]);
    expect(detect(species)).toEqual({ type: 'category', reason: '3 distinct values in 150 rows', distinct: 3 });
  });

  it('text: as many values as rows (an id or a name column)', () => {
    expect(detect(['Ada', 'Alan', 'Grace', 'Edsger'])).toMatchObject({ type: 'text', reason: '4 distinct values in 4 rows' });
  });

  it('text: more than 50 distinct values', () => {
    expect(detect(Array.from({ length: 1000 }, (_, i) => `w${i % 60}`))).toMatchObject({ type: 'text', reason: '60 distinct values in 1,000 rows' });
  });

  it('text: long values even when repeated', () => {
    const sentence = 'This product arrived late and the box was badly damaged.';
    expect(detect(Array.from({ length: 20 }, (_, i) => (i % 2 ? sentence : `${sentence}!`)))).toMatchObject({ type: 'text', reason: `values up to ${sentence.length + 1} characters long` });
  });

  it('text: a column with no values at all', () => {
    expect(detectColumnType({ missing: 5, numbers: 0, dates: 0, others: 0, longest: 0 }, 0)).toMatchObject({ type: 'text', reason: 'every value is missing' });
  });

  it('high cardinality text says so', () => {
    expect(detect(Array.from({ length: 3000 }, (_, i) => `name ${i}`))).toMatchObject({ type: 'text', reason: 'more than 2,048 distinct values in 3,000 rows' });
  });
});

describe('problems for the types a person chooses', () => {
  const table = data(['code,when', '1,2024-01-01', '2,2024-01-02', 'x7,2024-01-03', '4,soon'].join('\n'));

  it('turning a column into numbers lists its cells that are not numbers', () => {
    expect(table.columns.map((c) => c.detected.type)).toEqual(['text', 'text']);
    const problems = columnProblems(table, { code: 'number', when: 'date' });
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([
      ['CSV_NOT_A_NUMBER', 4, 'code'],
      ['CSV_NOT_A_DATE', 5, 'when'],
    ]);
    expect(problems[0].message).toBe('Row 4, column "code": "x7" is not a number. It counts as missing. Correct it in the file, or make the column a category or text if it is not meant to hold numbers.');
  });

  it('text and category columns have no such problems', () => {
    expect(columnProblems(table, { code: 'category' })).toEqual([]);
  });
});
