import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { prepareRun, splitSeed } from '@/lib/engine/train';
import { partitionRows, type SplitParams } from '@/lib/data/steps/split';
import { column, type DataTensor, type Table } from '@/lib/data/table';
import type { Preprocessing } from '@/lib/runs/model';
import type { PipelineSpec } from '@/lib/spec/spec';
import { modelInputs, sourceColumns, targetColumn } from '@/lib/predict/model-inputs';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { weatherForecast } from '@/lib/templates/weather-forecast';
import { spamLstm } from '@/lib/templates/spam-lstm';

function specOf(doc: PipelineDocument, changes: Record<string, Record<string, unknown>> = {}): PipelineSpec {
  const next = structuredClone(doc);
  for (const node of next.nodes) if (changes[node.id]) Object.assign(node.params, changes[node.id]);
  const result = compile(next);
  if (!result.ok) throw new Error(`Pipeline does not compile: ${JSON.stringify(result.issues)}`);
  return result.spec;
}

/** A run's data stage as the engine prepares it, the preprocessing it keeps, and which source rows went to validation. */
async function engineRun(spec: PipelineSpec) {
  const table = await loadSourceTable(spec.data.dataset, nodeSourceReaders);
  const prepared = prepareRun(spec, table);
  const split = spec.data.steps.find((s) => s.nodeId === spec.data.split)!;
  const rows = partitionRows(table, split.params as unknown as SplitParams, splitSeed(spec.training.seed));
  const preprocessing: Preprocessing = { format: 'pipeline-builder.preprocessing', version: 1, spec, fitted: prepared.states };
  return { table, prepared, validationRows: rows.validation, preprocessing };
}

/** Row `row` of a tensor, as plain numbers. */
function rowOf(tensor: DataTensor, row: number): number[] {
  const size = tensor.shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from(tensor.values.subarray(row * size, row * size + size));
}

function cellsOf(table: Table, row: number) {
  return table.columns.map((c) => ({ name: c.name, value: c.type === 'number' ? c.values[row] : c.type === 'category' || c.type === 'text' ? c.values[row] : null }));
}

describe('modelInputs', () => {
  it('gives a typed iris row the model inputs the engine gave the same row, through the fitted standardize', async () => {
    const spec = specOf(irisMlp);
    const { table, prepared, validationRows, preprocessing } = await engineRun(spec);
    for (const j of [0, 7, 19]) {
      const row = validationRows[j];
      const got = modelInputs(preprocessing, { kind: 'row', cells: cellsOf(table, row).filter((c) => c.name !== 'species') });
      expect(got.ok).toBe(true);
      if (!got.ok) return;
      expect(got.inputs[0].shape).toEqual([1, 4]);
      expect(rowOf(got.inputs[0], 0)).toEqual(rowOf(prepared.validation!.inputs[0], j));
    }
    // Standardized with the training rows' statistics: not the typed values themselves.
    const typed = modelInputs(preprocessing, { kind: 'row', cells: cellsOf(table, validationRows[0]) });
    expect(typed.ok && rowOf(typed.inputs[0], 0)).not.toEqual(cellsOf(table, validationRows[0]).slice(0, 4).map((c) => c.value));
  });

  it('sends a digit image through the digit template’s steps as the engine does', async () => {
    const spec = specOf(digitCnn, { dataset: { maxSamples: 100 } });
    const { table, prepared, validationRows, preprocessing } = await engineRun(spec);
    const image = column(table, 'image');
    if (image.type !== 'image') throw new Error('MNIST has an image column');
    const row = validationRows[3];
    const pixels = Uint8Array.from(image.values.subarray(row * 784, row * 784 + 784));
    const got = modelInputs(preprocessing, { kind: 'image', width: 28, height: 28, channels: 1, pixels });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.inputs[0].shape).toEqual([1, 28, 28, 1]);
    expect(rowOf(got.inputs[0], 0)).toEqual(rowOf(prepared.validation!.inputs[0], 3));
    expect(Math.max(...rowOf(got.inputs[0], 0))).toBeLessThanOrEqual(1);
  });

  it('turns a text into the word ids the fitted vocabulary gives', async () => {
    const spec = specOf(spamLstm, { emails: { maxSamples: 200 } });
    const { table, prepared, validationRows, preprocessing } = await engineRun(spec);
    const text = column(table, 'text');
    const row = validationRows[2];
    const got = modelInputs(preprocessing, { kind: 'text', text: text.values[row] as string });
    expect(got.ok && rowOf(got.inputs[0], 0)).toEqual(rowOf(prepared.validation!.inputs[0], 2));
  });

  it('refuses in words what it cannot build: a wrong image size, a word where a number goes, an input of a kind the model does not read, a forecast from one row', async () => {
    const digits = await engineRun(specOf(digitCnn, { dataset: { maxSamples: 100 } }));
    const small = modelInputs(digits.preprocessing, { kind: 'image', width: 8, height: 8, channels: 1, pixels: new Uint8Array(64) });
    expect(small).toEqual({ ok: false, problem: 'The model reads 28x28 images with 1 channel(s), not 8x8 with 1.' });

    const iris = await engineRun(specOf(irisMlp));
    const words = modelInputs(iris.preprocessing, { kind: 'row', cells: [{ name: 'sepalLength', value: 'long' }] });
    expect(words).toEqual({ ok: false, problem: 'sepalLength must be a number, not "long".' });
    expect(modelInputs(iris.preprocessing, { kind: 'text', text: 'a long flower' })).toEqual({ ok: false, problem: 'This model reads no text: its data has no text column.' });
    expect(modelInputs(iris.preprocessing, { kind: 'image', width: 8, height: 8, channels: 1, pixels: new Uint8Array(64) })).toEqual({
      ok: false,
      problem: 'This model reads no image: its data has no image column.',
    });

    const spec = specOf(weatherForecast);
    const forecast = modelInputs({ format: 'pipeline-builder.preprocessing', version: 1, spec, fitted: {} }, { kind: 'row', cells: [] });
    expect(forecast.ok).toBe(false);
    expect(!forecast.ok && forecast.problem).toMatch(/window of rows in time order/);
  });

  it('knows the dataset’s columns and the one predicted', async () => {
    const spec = specOf(irisMlp);
    expect(sourceColumns(spec.data.dataset).map((c) => c.name)).toEqual(['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth', 'species']);
    expect(targetColumn({ format: 'pipeline-builder.preprocessing', version: 1, spec, fitted: {} })).toBe('species');
  });
});
