import { describe, expect, it } from 'vitest';
import { getNodeDefinition, nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition, PortInfo, ShapeResult } from '@/nodes/define-node';
import { fieldsOf } from '@/nodes/fields';
import type { TableInfo } from '@/lib/data/table';
import type { Shape } from '@/lib/shape/shape';

/** Compile-time behaviour of the preprocessing nodes: output shapes and columns, picked columns, issues with hints. */

const penguins: TableInfo = {
  rows: 344,
  ordered: false,
  target: 'species',
  columns: [
    { name: 'species', type: 'category', categories: ['Adelie', 'Chinstrap', 'Gentoo'] },
    { name: 'island', type: 'category', categories: ['Biscoe', 'Dream', 'Torgersen'] },
    { name: 'bill_length_mm', type: 'number', missing: true },
    { name: 'sex', type: 'category', categories: ['FEMALE', 'MALE'], missing: true },
    { name: 'body_mass_g', type: 'number' },
  ],
};
const weather: TableInfo = {
  rows: 1461,
  ordered: true,
  target: 'temp_max',
  columns: [
    { name: 'precipitation', type: 'number' },
    { name: 'temp_max', type: 'number' },
    { name: 'wind', type: 'number' },
    { name: 'weather', type: 'category', categories: ['drizzle', 'fog', 'rain', 'snow', 'sun'] },
  ],
};
const spam: TableInfo = {
  rows: 3000,
  ordered: false,
  target: 'label',
  columns: [
    { name: 'label', type: 'category', categories: ['ham', 'spam'] },
    { name: 'text', type: 'text' },
  ],
};
const digits: Shape = [null, 28, 28, 1];

const def = (kind: string) => getNodeDefinition(kind) as AnyNodeDefinition;
const tableShape = (t: TableInfo): Shape => [null, t.columns.length];

/** Compiles a node as compile does: auto values for fields left empty, then inferShape. */
function infer(kind: string, params: Record<string, unknown>, input: Shape, info: PortInfo): ShapeResult {
  const d = def(kind);
  const parsed = d.params.parse(params);
  const picked = d.autoFromInputs?.(parsed, [input], [info]) ?? {};
  for (const [field, auto] of Object.entries(picked)) if (parsed[field] === undefined) parsed[field] = auto.value;
  return d.inferShape(parsed, [input], [info]);
}
const onTable = (kind: string, params: Record<string, unknown>, table: TableInfo) => infer(kind, params, tableShape(table), { table });

function columnsOut(result: ShapeResult) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.info?.[0]?.table?.columns ?? [];
}
function failure(result: ShapeResult) {
  if (result.ok) throw new Error(`expected an issue, got ${JSON.stringify(result.shapes)}`);
  expect(result.hint.length).toBeGreaterThan(0);
  return result;
}

const preprocessKinds = nodeDefinitions.filter((d) => d.category === 'preprocess' && 'data' in d && d.data).map((d) => d.kind);

describe('the preprocessing kinds as data steps', () => {
  it.each(preprocessKinds)('%s runs a step of lib/data/steps/ under the name it declares, and says what is lost unused', async (kind) => {
    const d = def(kind);
    const module = (await import(`@/lib/data/steps/${d.data!.module}`)) as Record<string, unknown>;
    expect(module[d.data!.exportName]).toBe(d.data!.step);
    expect(d.ui.whenUnused?.length).toBeGreaterThan(0);
    expect(d.ui.description).not.toContain('\n');
  });

  it('picks every auto field from the table flowing in, with a value the field accepts and a reason', () => {
    // The params each kind is asked with: the split picks the column to stratify by only when stratifying.
    const cases: [string, TableInfo, Record<string, unknown>][] = [
      ['preprocess.missingValues', penguins, {}],
      ['preprocess.oneHot', penguins, {}],
      ['preprocess.labelEncode', penguins, {}],
      ['preprocess.removeOutliers', penguins, {}],
      ['preprocess.tokenize', spam, {}],
      ['preprocess.timeWindow', weather, {}],
      ['preprocess.selectColumns', weather, {}],
      ['preprocess.target', penguins, {}],
      ['preprocess.split', penguins, { stratify: true }],
    ];
    const withAuto = nodeDefinitions.filter((d) => d.category === 'preprocess' && fieldsOf(d as AnyNodeDefinition).some((f) => f.auto)).map((d) => d.kind);
    expect(cases.map(([kind]) => kind).sort()).toEqual(withAuto.sort());
    for (const [kind, table, params] of cases) {
      const d = def(kind);
      const picked = d.autoFromInputs!(d.params.parse(params), [tableShape(table)], [{ table }]);
      const autoFields = fieldsOf(d).filter((f) => f.auto).map((f) => f.name);
      expect(Object.keys(picked).sort(), kind).toEqual(autoFields.sort());
      for (const [field, { value, reason }] of Object.entries(picked)) {
        expect(d.params.safeParse({ ...params, [field]: value }).success, `${kind}.${field} = ${value}`).toBe(true);
        expect(reason.length).toBeGreaterThan(0);
      }
      expect(d.autoFromInputs!(d.params.parse(params), [tableShape(table)], [{}])).toEqual({});
    }
  });
});

describe('missing values', () => {
  it('fills every number column with gaps by default with the mean, and says which columns are left', () => {
    const d = def('preprocess.missingValues');
    const picked = d.autoFromInputs!(d.params.parse({}), [tableShape(penguins)], [{ table: penguins }]);
    expect(picked.columns.value).toBe('bill_length_mm');
    expect(picked.columns.reason).toContain('sex');
    const columns = columnsOut(onTable('preprocess.missingValues', {}, penguins));
    expect(columns.find((c) => c.name === 'bill_length_mm')?.missing).toBe(false);
    expect(columns.find((c) => c.name === 'sex')?.missing).toBe(true);
  });

  it('with the most frequent value, every column with gaps; a constant adds a category when needed', () => {
    expect(columnsOut(onTable('preprocess.missingValues', { strategy: 'mostFrequent' }, penguins)).filter((c) => c.missing)).toEqual([]);
    const sex = columnsOut(onTable('preprocess.missingValues', { strategy: 'constant', columns: 'sex', fillValue: 'unknown' }, penguins)).find((c) => c.name === 'sex');
    expect(sex).toMatchObject({ missing: false, categories: ['FEMALE', 'MALE', 'unknown'] });
  });

  it('E_FILL_STRATEGY: a mean of a category column, with a one-click fix', () => {
    const result = failure(onTable('preprocess.missingValues', { strategy: 'mean', columns: 'sex' }, penguins));
    expect(result.code).toBe('E_FILL_STRATEGY');
    expect(result.fix?.params).toEqual({ strategy: 'mostFrequent' });
  });

  it('E_FILL_VALUE for a constant that is not a number in a number column; E_UNKNOWN_COLUMN names the columns that fit', () => {
    expect(failure(onTable('preprocess.missingValues', { strategy: 'constant', columns: 'body_mass_g', fillValue: 'heavy' }, penguins)).code).toBe('E_FILL_VALUE');
    expect(failure(onTable('preprocess.missingValues', { strategy: 'constant', columns: 'body_mass_g', fillValue: ' ' }, penguins)).code).toBe('E_FILL_VALUE');
    const unknown = failure(onTable('preprocess.missingValues', { columns: 'bill_length, body_mass_g' }, penguins));
    expect(unknown.code).toBe('E_UNKNOWN_COLUMN');
    expect(unknown.message).toContain('"bill_length"');
    expect(unknown.hint).toContain('bill_length_mm');
  });

  it('drop row keeps the table shape; E_NO_TABLE when nothing is known of the table flowing in', () => {
    const result = onTable('preprocess.missingValues', { strategy: 'dropRow' }, penguins);
    expect(result).toMatchObject({ ok: true, shapes: [[null, 5]] });
    expect(failure(def('preprocess.missingValues').inferShape(def('preprocess.missingValues').params.parse({ columns: '' }), [[null, 5]], [{}])).code).toBe('E_NO_TABLE');
  });
});

describe('one-hot and label encoding', () => {
  it('one-hot: every category column but the target by default, one number column per category, shapes known', () => {
    const result = onTable('preprocess.oneHot', {}, penguins);
    expect(columnsOut(result).map((c) => `${c.name}:${c.type}`)).toEqual([
      'species:category',
      'island=Biscoe:number',
      'island=Dream:number',
      'island=Torgersen:number',
      'bill_length_mm:number',
      'sex=FEMALE:number',
      'sex=MALE:number',
      'body_mass_g:number',
    ]);
    expect(result).toMatchObject({ ok: true, shapes: [[null, 8]] });
    expect(result.ok && result.info?.[0].table?.target).toBe('species');
  });

  it('E_COLUMN_NAME_TAKEN when a new 0/1 column would take the name of a column the table has', () => {
    const clash: TableInfo = { ...penguins, columns: [...penguins.columns, { name: 'island=Dream', type: 'number' }] };
    const result = failure(onTable('preprocess.oneHot', { columns: 'island' }, clash));
    expect(result.code).toBe('E_COLUMN_NAME_TAKEN');
    expect(result.message).toContain('"island=Dream"');
  });

  it('E_COLUMN_TYPE: one-hot of a number column, naming the columns that fit', () => {
    const result = failure(onTable('preprocess.oneHot', { columns: 'body_mass_g' }, penguins));
    expect(result.code).toBe('E_COLUMN_TYPE');
    expect(result.hint).toContain('island');
  });

  it('label encoding: the same columns become number columns of codes, gaps kept', () => {
    const columns = columnsOut(onTable('preprocess.labelEncode', { columns: 'island, sex' }, penguins));
    expect(columns.map((c) => c.type)).toEqual(['category', 'number', 'number', 'number', 'number']);
    expect(columns[3]).toMatchObject({ name: 'sex', missing: true });
    expect(columns[1].description).toContain('0 Biscoe, 1 Dream, 2 Torgersen');
  });
});

describe('remove outliers, shuffle', () => {
  it('checks number columns only; is flagged as changing training rows only', () => {
    expect(onTable('preprocess.removeOutliers', {}, penguins)).toMatchObject({ ok: true, shapes: [[null, 5]] });
    expect(failure(onTable('preprocess.removeOutliers', { columns: 'island' }, penguins)).code).toBe('E_COLUMN_TYPE');
    expect(def('preprocess.removeOutliers').trainingOnly).toMatchObject({ severity: 'warning', code: 'W_OUTLIERS_BEFORE_SPLIT' });
  });

  it('shuffled rows are no longer in time order', () => {
    const result = onTable('preprocess.shuffle', {}, weather);
    expect(result.ok && result.info?.[0].table?.ordered).toBe(false);
  });
});

describe('tokenize', () => {
  it('gives int ids [?, sequence length] below the vocabulary size, from the first text column by default', () => {
    expect(onTable('preprocess.tokenize', { sequenceLength: 50, vocabularySize: 2000 }, spam)).toEqual({ ok: true, shapes: [[null, 50]], info: [{ ids: 2000 }] });
  });

  it('E_TEXT_COLUMN: a table without text; a category column is not text', () => {
    expect(failure(onTable('preprocess.tokenize', {}, penguins)).code).toBe('E_TEXT_COLUMN');
    const named = failure(onTable('preprocess.tokenize', { column: 'label' }, spam));
    expect(named.code).toBe('E_COLUMN_TYPE');
    expect(named.hint).toContain('text');
  });
});

describe('time windows', () => {
  it('windows every number column by default and forecasts the usual target: [?, steps, features] and [?, 1] numbers', () => {
    expect(onTable('preprocess.timeWindow', { steps: 7 }, weather)).toEqual({
      ok: true,
      shapes: [
        [null, 7, 3],
        [null, 1],
      ],
      info: [{}, { target: { kind: 'numbers', names: ['temp_max'] } }],
    });
  });

  it('E_NOT_TIME_ORDERED: an unordered table, with a hint that says what to do', () => {
    const result = failure(onTable('preprocess.timeWindow', {}, { ...weather, ordered: false }));
    expect(result.code).toBe('E_NOT_TIME_ORDERED');
    expect(result.hint).toMatch(/time series|Shuffle/);
  });

  it('a category target, E_WINDOW_GAPS for a column with gaps, E_WINDOW_TOO_LONG for a window longer than the table', () => {
    expect(failure(onTable('preprocess.timeWindow', { target: 'weather' }, weather)).code).toBe('E_COLUMN_TYPE');
    const gaps: TableInfo = { ...weather, columns: weather.columns.map((c) => (c.name === 'wind' ? { ...c, missing: true } : c)) };
    expect(failure(onTable('preprocess.timeWindow', {}, gaps)).code).toBe('E_WINDOW_GAPS');
    const long = failure(onTable('preprocess.timeWindow', { steps: 1000, horizon: 500 }, weather));
    expect(long.code).toBe('E_WINDOW_TOO_LONG');
    expect(long.fix?.params).toEqual({ steps: 365 });
    const noRoom = failure(onTable('preprocess.timeWindow', { steps: 5, horizon: 1000 }, { ...weather, rows: 1000 }));
    expect(noRoom.fix).toBeUndefined();
    expect(noRoom.hint).toContain('horizon');
  });

  it('E_WINDOW_TARGET for more than one target; E_NO_COLUMNS for a table without numbers', () => {
    expect(failure(onTable('preprocess.timeWindow', { target: 'precipitation, wind' }, weather)).code).toBe('E_WINDOW_TARGET');
    const words: TableInfo = { rows: 100, ordered: true, columns: [{ name: 'weather', type: 'category', categories: ['rain', 'sun'] }] };
    expect(failure(onTable('preprocess.timeWindow', {}, words)).code).toBe('E_NO_COLUMNS');
  });
});

describe('images: augment, resize, reshape', () => {
  it('augment keeps the shape, is an error before the split, and refuses tables and E_IDS_NOT_IMAGES', () => {
    expect(infer('preprocess.augment', {}, digits, {})).toEqual({ ok: true, shapes: [digits] });
    expect(def('preprocess.augment').trainingOnly).toMatchObject({ severity: 'error', code: 'E_AUGMENT_BEFORE_SPLIT' });
    expect(failure(infer('preprocess.augment', {}, [null, 4], {})).code).toBe('E_RANK');
    expect(failure(infer('preprocess.augment', {}, digits, { ids: 10 })).code).toBe('E_IDS_NOT_IMAGES');
  });

  it('resize sets height and width and keeps the channels', () => {
    expect(infer('preprocess.resize', { height: 14, width: 20 }, [null, 28, 28, 3], {})).toEqual({ ok: true, shapes: [[null, 14, 20, 3]] });
    expect(failure(infer('preprocess.resize', {}, [null, 100, 3], {})).code).toBe('E_RANK');
  });

  it('reshape keeps the count of values and the ids; E_RESHAPE_SIZE says how to fix a count that does not fit, E_RESHAPE_FORMAT a shape that is not one', () => {
    expect(infer('preprocess.reshape', { targetShape: '28, 28, 1' }, [null, 784], {})).toEqual({ ok: true, shapes: [[null, 28, 28, 1]], info: [{}] });
    expect(infer('preprocess.reshape', { targetShape: '-1, 4' }, [null, 8, 2], { ids: 30 })).toEqual({ ok: true, shapes: [[null, 4, 4]], info: [{ ids: 30 }] });
    const size = failure(infer('preprocess.reshape', { targetShape: '28, 27' }, [null, 784], {}));
    expect(size.code).toBe('E_RESHAPE_SIZE');
    expect(size.hint).toContain('784');
    expect(size.fix?.params).toEqual({ targetShape: '784' });
    expect(failure(infer('preprocess.reshape', { targetShape: '28 x 28' }, [null, 784], {})).code).toBe('E_RESHAPE_FORMAT');
  });
});
