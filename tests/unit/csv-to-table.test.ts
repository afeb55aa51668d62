import { describe, expect, it } from 'vitest';
import type { Column } from '@/lib/data/table';
import { readCsvText, type CsvData } from '@/lib/upload/csv/read-csv';
import { csvColumnsInfo, csvToTable, DATE_DESCRIPTION, sortCategories } from '@/lib/upload/csv/to-table';

function data(text: string): CsvData {
  const result = readCsvText(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

function columnNamed(columns: Column[], name: string): Column {
  return columns.find((c) => c.name === name)!;
}

const weather = data(
  [
    'date,temp,sky,note,zip',
    '2024-01-01,3.5,sun,"<img src=x onerror=alert(1)>",01234',
    '2024-01-02,NA,rain,cold,01234',
    '2024-01-02 12:00,-1,sun,,98765',
    '2024-01-04,oops,sun,"a, b",01234',
    '2024-01-05,2,sun,fine,98765',
    '2024-01-06,1e1,rain,x,98765',
  ].join('\n'),
);

describe('a read CSV as the app table', () => {
  it('uses the detected types when none are chosen', () => {
    expect(weather.columns.map((c) => [c.name, c.detected.type])).toEqual([
      ['date', 'date'],
      ['temp', 'text'],
      ['sky', 'category'],
      ['note', 'text'],
      ['zip', 'number'],
    ]);
    const table = csvToTable(weather);
    expect(table.rows).toBe(6);
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ['date', 'number'],
      ['temp', 'text'],
      ['sky', 'category'],
      ['note', 'text'],
      ['zip', 'number'],
    ]);
  });

  it('date: days since 1970-01-01 UTC, a time of day as a fraction; rows ordered when the dates never go back', () => {
    const table = csvToTable(weather);
    expect(Array.from(columnNamed(table.columns, 'date').values as Float64Array)).toEqual([19723, 19724, 19724.5, 19726, 19727, 19728]);
    expect(table.ordered).toBe(true);
    const shuffled = csvToTable(data('d,v\n2024-01-02,1\n2024-01-01,2\n'));
    expect(shuffled.ordered).toBe(false);
    const gap = csvToTable(data('d,v\n2024-01-01,1\nNA,2\n2024-01-03,3\n'));
    expect(gap.ordered).toBe(true);
    expect(csvToTable(weather, { date: 'text' }).ordered).toBe(false);
  });

  it('number: cells that are not numbers (or are missing) become NaN', () => {
    const temp = columnNamed(csvToTable(weather, { temp: 'number' }).columns, 'temp');
    expect(temp.type).toBe('number');
    expect(Array.from(temp.values as Float64Array)).toEqual([3.5, Number.NaN, -1, Number.NaN, 2, 10]);
  });

  it('category: sorted categories, null for missing', () => {
    const sky = columnNamed(csvToTable(weather).columns, 'sky');
    expect(sky).toEqual({ name: 'sky', type: 'category', categories: ['rain', 'sun'], values: ['sun', 'rain', 'sun', 'sun', 'sun', 'rain'] });
    const zip = columnNamed(csvToTable(weather, { zip: 'category' }).columns, 'zip');
    // A column kept as written keeps its leading zeros when it becomes a category.
    expect(zip).toMatchObject({ categories: ['01234', '98765'], values: ['01234', '01234', '98765', '01234', '98765', '98765'] });
  });

  it('text stays plain strings, hostile ones included', () => {
    const note = columnNamed(csvToTable(weather).columns, 'note');
    expect(note.values).toEqual(['<img src=x onerror=alert(1)>', 'cold', null, 'a, b', 'fine', 'x']);
  });

  it('converts a large numeric column (stored as numbers) to any type', () => {
    const text = ['v', ...Array.from({ length: 3000 }, (_, i) => (i === 10 ? 'n/a' : String(i / 4)))].join('\n');
    const big = data(text);
    expect(big.columns[0].cells.kind).toBe('parsed');
    const asText = columnNamed(csvToTable(big, { v: 'text' }).columns, 'v');
    expect(asText.values.slice(8, 12)).toEqual(['2', '2.25', null, '2.75']);
    const asCategory = columnNamed(csvToTable(big, { v: 'category' }).columns, 'v');
    expect(asCategory.type === 'category' && asCategory.categories.slice(0, 3)).toEqual(['0', '0.25', '0.5']);
    expect(asCategory.type === 'category' && asCategory.categories.length).toBe(2999);
  });

  it('converts a large date column', () => {
    const days = Array.from({ length: 3000 }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString());
    const big = data(['t', ...days].join('\n'));
    expect(big.columns[0].cells.kind).toBe('parsed');
    expect(big.columns[0].detected.type).toBe('date');
    const t = columnNamed(csvToTable(big).columns, 't').values as Float64Array;
    expect(t[24]).toBeCloseTo(18262 + 1, 10);
    expect(t[2999]).toBeCloseTo(18262 + 2999 / 24, 10);
  });
});

describe('the columns a pipeline carries without the data', () => {
  it('names, types, categories, missing flags and the date description', () => {
    expect(csvColumnsInfo(weather, { temp: 'number' })).toEqual([
      { name: 'date', type: 'number', missing: false, description: DATE_DESCRIPTION },
      // NA and "oops" both end up missing in the table.
      { name: 'temp', type: 'number', missing: true },
      { name: 'sky', type: 'category', categories: ['rain', 'sun'], missing: false },
      { name: 'note', type: 'text', missing: true },
      { name: 'zip', type: 'number', missing: false },
    ]);
  });

  it('agrees with the table it describes', () => {
    const types = { temp: 'number', zip: 'category' } as const;
    const table = csvToTable(weather, types);
    const info = csvColumnsInfo(weather, types);
    for (const [i, column] of table.columns.entries()) {
      expect(info[i].type).toBe(column.type);
      if (column.type === 'category') expect(info[i].categories).toEqual(column.categories);
      const missing = Array.from(column.values as ArrayLike<number | string | null>).some((v) => v === null || (typeof v === 'number' && Number.isNaN(v)));
      expect(info[i].missing).toBe(missing);
    }
  });
});

describe('category order', () => {
  it('numeric when every category is a number, by character code otherwise, never by locale', () => {
    expect(sortCategories(['10', '2', '-1', '2.5'])).toEqual(['-1', '2', '2.5', '10']);
    expect(sortCategories(['b', 'B', 'a', 'é', '10', '2'])).toEqual(['10', '2', 'B', 'a', 'b', 'é']);
  });
});
