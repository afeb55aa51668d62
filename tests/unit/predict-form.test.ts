import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { prepareRun } from '@/lib/engine/train';
import type { Preprocessing } from '@/lib/runs/model';
import { beyondRange, formDefaults, formInput, playgroundInput, rangeText, type FormField } from '@/lib/predict/form';
import { numberRanges } from '@/lib/data/table';
import { modelInputs } from '@/lib/predict/model-inputs';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { fuelEconomy } from '@/lib/templates/fuel-economy';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { penguinsMlp } from '@/lib/templates/penguins-mlp';
import { spamLstm } from '@/lib/templates/spam-lstm';
import { weatherForecast } from '@/lib/templates/weather-forecast';

/** A template's preprocessing as a run keeps it: its spec and what its steps learnt from the data. */
async function keptPreprocessing(doc: PipelineDocument, maxSamples?: number): Promise<Preprocessing> {
  const next = structuredClone(doc);
  const data = next.nodes.find((n) => n.kind === 'data.dataset')!;
  if (maxSamples) data.params.maxSamples = maxSamples;
  const result = compile(next);
  if (!result.ok) throw new Error(`Pipeline does not compile: ${JSON.stringify(result.issues)}`);
  const prepared = prepareRun(result.spec, await loadSourceTable(result.spec.data.dataset, nodeSourceReaders));
  return { format: 'pipeline-builder.preprocessing', version: 1, spec: result.spec, fitted: prepared.states, ranges: numberRanges(prepared.tables.train) };
}

const fieldsOf = (input: ReturnType<typeof playgroundInput>): FormField[] => {
  if (input.mode !== 'form') throw new Error(`expected a form, got ${input.mode}`);
  return input.fields;
};

describe('playgroundInput', () => {
  it('asks for the four iris measurements, each a number, and never the species it predicts', async () => {
    const fields = fieldsOf(playgroundInput(await keptPreprocessing(irisMlp)));
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['sepalLength', 'number'],
      ['sepalWidth', 'number'],
      ['petalLength', 'number'],
      ['petalWidth', 'number'],
    ]);
    expect(fields[0].description).toBe('Sepal length in cm');
  });

  it('asks only for the columns the model reads: a one-hot category with its categories, no car name, no target', async () => {
    const fields = fieldsOf(playgroundInput(await keptPreprocessing(fuelEconomy)));
    expect(fields.map((f) => f.name)).toEqual(['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year', 'Origin']);
    expect(fields.at(-1)).toMatchObject({ kind: 'category', categories: ['Europe', 'Japan', 'USA'] });
  });

  it('finds the penguins’ categories and measurements whatever steps read them', async () => {
    const fields = fieldsOf(playgroundInput(await keptPreprocessing(penguinsMlp)));
    expect(fields.map((f) => f.name)).toEqual(['island', 'beakLength', 'beakDepth', 'flipperLength', 'bodyMass', 'sex']);
  });

  it('draws for an image model at its input size, and takes a text for a text model', async () => {
    expect(playgroundInput(await keptPreprocessing(digitCnn, 100))).toEqual({ mode: 'draw', column: 'image', shape: [28, 28, 1] });
    expect(playgroundInput(await keptPreprocessing(spamLstm, 100))).toMatchObject({ mode: 'text', column: 'text' });
  });

  it('says why a forecast cannot be tried on one input', async () => {
    const input = playgroundInput(await keptPreprocessing(weatherForecast));
    expect(input.mode).toBe('none');
    expect(input.mode === 'none' && input.problem).toMatch(/^This pipeline forecasts from a window of rows in time order/);
  });
});

describe('formInput', () => {
  const fields: FormField[] = [
    { kind: 'number', name: 'Horsepower' },
    { kind: 'category', name: 'Origin', categories: ['Europe', 'Japan', 'USA'] },
    { kind: 'text', name: 'Name' },
  ];

  it('starts numbers blank and categories at the first', () => {
    expect(formDefaults(fields)).toEqual({ Horsepower: '', Origin: 'Europe', Name: '' });
  });

  it('refuses a blank or non-number field in words, naming it', () => {
    expect(formInput(fields, formDefaults(fields))).toEqual({ ok: false, problem: 'Fill in Horsepower: the model needs a number for it.', field: 'Horsepower' });
    expect(formInput(fields, { ...formDefaults(fields), Horsepower: '12 hp' })).toEqual({ ok: false, problem: 'Horsepower must be a number, such as 4.5, not "12 hp".', field: 'Horsepower' });
    expect(formInput(fields, { Horsepower: '1', Origin: 'Mars' })).toEqual({ ok: false, problem: 'Pick Origin: one of Europe, Japan, USA.', field: 'Origin' });
  });

  it('gives the row the model reads, numbers as numbers', () => {
    expect(formInput(fields, { Horsepower: ' 130 ', Origin: 'USA', Name: 'ford torino' })).toEqual({
      ok: true,
      input: {
        kind: 'row',
        cells: [
          { name: 'Horsepower', value: 130 },
          { name: 'Origin', value: 'USA' },
          { name: 'Name', value: 'ford torino' },
        ],
      },
    });
  });

  it('fills a form the model can read: the iris form’s row gets through the fitted steps', async () => {
    const preprocessing = await keptPreprocessing(irisMlp);
    const fields = fieldsOf(playgroundInput(preprocessing));
    const filled = formInput(fields, { sepalLength: '5.1', sepalWidth: '3.5', petalLength: '1.4', petalWidth: '0.2' });
    if (!filled.ok) throw new Error(filled.problem);
    const inputs = modelInputs(preprocessing, filled.input);
    expect(inputs.ok && inputs.inputs[0].shape).toEqual([1, 4]);
  });
});

describe('the training data\'s range', () => {
  it('is each number column\'s smallest and largest value, missing values left out', () => {
    const ranges = numberRanges({
      kind: 'table',
      rows: 4,
      ordered: false,
      columns: [
        { name: 'a', type: 'number', values: new Float64Array([3, Number.NaN, -1.5, 2]) },
        { name: 'gaps', type: 'number', values: new Float64Array([Number.NaN, Number.NaN, Number.NaN, Number.NaN]) },
        { name: 'kind', type: 'category', categories: ['x'], values: ['x', 'x', null, 'x'] },
      ],
    });
    expect(ranges).toEqual({ a: [-1.5, 3] });
  });

  it('comes with each Iris measurement, within the whole dataset\'s (4.3 to 7.9 cm for sepal length)', async () => {
    const [sepalLength] = fieldsOf(playgroundInput(await keptPreprocessing(irisMlp)));
    if (sepalLength.kind !== 'number' || !sepalLength.range) throw new Error('sepalLength has no range');
    const [low, high] = sepalLength.range;
    expect(low).toBeGreaterThanOrEqual(4.3);
    expect(high).toBeLessThanOrEqual(7.9);
    expect(high - low).toBeGreaterThan(2);
  });

  it('says, in words, when a typed value lies beyond it', () => {
    const field: FormField = { kind: 'number', name: 'petalWidth', range: [0.1, 2.5] };
    expect(rangeText(field)).toBe('0.1 to 2.5');
    expect(beyondRange(field, '2.5')).toBeUndefined();
    expect(beyondRange(field, ' 0.1 ')).toBeUndefined();
    expect(beyondRange(field, '40')).toBe('Beyond the training data (0.1 to 2.5): the prediction is a guess.');
    expect(beyondRange(field, '-1')).toMatch(/^Beyond the training data/);
    // Not a number yet, blank, or no range kept: nothing to say.
    for (const typed of ['', 'abc', '1e']) expect(beyondRange(field, typed)).toBeUndefined();
    expect(beyondRange({ kind: 'number', name: 'x' }, '40')).toBeUndefined();
    expect(rangeText({ kind: 'number', name: 'big', range: [1234.5678, 98765.4321] })).toBe('1,235 to 98,770');
  });
});
