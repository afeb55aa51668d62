import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { prepareData, type DataPlan, type PartData } from '@/lib/data/run';
import { fitStreamed, streamBlocker, streamedPart, streamPart, type ChunkSource } from '@/lib/data/stream';
import { missingValuesStep, type MissingValuesParams } from '@/lib/data/steps/missing-values';
import { normalizeStep } from '@/lib/data/steps/normalize';
import { removeOutliersStep, type RemoveOutliersParams } from '@/lib/data/steps/remove-outliers';
import { splitStep, type SplitParams } from '@/lib/data/steps/split';
import { standardizeStep } from '@/lib/data/steps/standardize';
import { tokenizeStep, type TokenizeParams } from '@/lib/data/steps/tokenize';
import { takeRows, type ChunkFit, type DataContext, type DataTensor, type DataValue, type StepFunctions, type Table } from '@/lib/data/table';
import type { PipelineDocument } from '@/lib/document/document';
import { dataPlan } from '@/lib/engine/train';
import type { PipelineSpec } from '@/lib/spec/spec';
import { CsvStreamError, readCsvTables } from '@/lib/upload/csv/read-csv-tables';
import { csvSourceTable } from '@/lib/upload/csv/source-table';
import { flowersCsv, flowersPipeline, readFlowers } from '../support/csv-pipeline';
import { addNode, edge } from '../support/pipeline';

const ctx: DataContext = { seed: 1, partition: 'train', epoch: 0 };

async function* text(...pieces: string[]) {
  yield* pieces;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function specOf(doc: PipelineDocument): PipelineSpec {
  const result = compile(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.spec;
}

const flowersSpec = () => specOf(flowersPipeline());
const columnsOf = (spec: PipelineSpec) => (spec.data.dataset.source === 'csv' ? spec.data.dataset.columns : []);

describe('readCsvTables', () => {
  it('gives the rows of the in-memory table, chunk by chunk, whatever the text pieces', async () => {
    const columns = columnsOf(flowersSpec());
    const expected = csvSourceTable(readFlowers(), columns);
    // Text cut mid-row, and chunks of 7 rows: 30 rows give 7, 7, 7, 7, 2.
    const chunks = await collect(readCsvTables(text(flowersCsv.slice(0, 100), flowersCsv.slice(100)), columns, { rowsPerChunk: 7 }));
    expect(chunks.map((c) => [c.start, c.table.rows])).toEqual([[0, 7], [7, 7], [14, 7], [21, 7], [28, 2]]);
    expected.columns.forEach((column, j) => {
      const streamed = chunks.flatMap((c) => [...c.table.columns[j].values]);
      expect(c(streamed), column.name).toEqual(c([...column.values]));
      if (column.type === 'category') expect(chunks[0].table.columns[j]).toMatchObject({ type: 'category', categories: column.categories });
    });
    function c(values: unknown[]) {
      // NaN is a missing number in both: compare it as a marker.
      return values.map((v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v));
    }
  });

  it('stops after maxRows rows', async () => {
    const chunks = await collect(readCsvTables(text(flowersCsv), columnsOf(flowersSpec()), { rowsPerChunk: 8, maxRows: 10 }));
    expect(chunks.map((c) => c.table.rows)).toEqual([8, 2]);
  });

  it('names a column the file lacks, and a category the pipeline does not know, with the row', async () => {
    const columns = columnsOf(flowersSpec());
    const noWidth = flowersCsv.replace('petal_width', 'width');
    await expect(collect(readCsvTables(text(noWidth), columns))).rejects.toMatchObject({
      problem: { code: 'CSV_MISSING_COLUMNS', row: 1, message: expect.stringContaining('no column "petal_width"') },
    });
    const lines = flowersCsv.split('\n');
    lines[5] = lines[5].replace(/[a-z]+$/, 'rose');
    const error = await collect(readCsvTables(text(lines.join('\n')), columns)).catch((e) => e);
    expect(error).toBeInstanceOf(CsvStreamError);
    expect(error.problem).toMatchObject({ code: 'CSV_UNKNOWN_CATEGORY', row: 6, column: 'species' });
    expect(error.problem.message).toContain('Row 6 holds "rose" in column "species"');
  });
});

describe('fitStream: statistics learnt chunk by chunk equal fit on all the rows', () => {
  const numbers = (values: number[], width = 2): DataTensor => ({ kind: 'tensor', shape: [values.length / width, width], dtype: 'float32', values: Float32Array.from(values) });
  const table = (x: number[], tag: (string | null)[], words: string[]): Table => ({
    kind: 'table',
    rows: x.length,
    ordered: false,
    columns: [
      { name: 'x', type: 'number', values: Float64Array.from(x) },
      { name: 'tag', type: 'category', categories: ['a', 'b', 'c'], values: tag },
      { name: 'words', type: 'text', values: words },
    ],
  });
  const rows = table([3, NaN, 1e6 + 1, 1e6 + 2, -4, NaN, 7, 1e6 + 3, 2, 5], ['b', null, 'a', 'b', 'c', 'a', null, 'a', 'c', 'b'], ['the cat', 'a cat', 'the dog', 'dog', 'the end', 'cat', 'a b', 'the', 'end', 'cat cat']);
  const cut = (t: Table) => [takeRows(t, [0, 1, 2]), takeRows(t, [3]), takeRows(t, [4, 5, 6, 7, 8, 9])];

  function streamed<P, S>(step: StepFunctions<P, S>, params: P, chunks: DataValue[]): S {
    const fit = step.fitStream!(params) as ChunkFit<S>;
    for (const chunk of chunks) fit.add([chunk], ctx);
    return fit.end();
  }

  it('standardize: mean and deviation of far-off values, without cancelling', () => {
    const values = [1e6 + 1, 3, 1e6 + 2, -4, 1e6 + 3, 7, 1e6 + 4, 2];
    const whole = standardizeStep.fit!({}, [numbers(values)], ctx);
    const chunks = [numbers(values.slice(0, 2)), numbers(values.slice(2, 4)), numbers(values.slice(4))];
    const got = streamed(standardizeStep, {}, chunks);
    got.mean.forEach((m, j) => expect(m).toBeCloseTo(whole.mean[j], 6));
    got.std.forEach((s, j) => expect(s).toBeCloseTo(whole.std[j], 6));
  });

  it('normalize: the smallest and largest value', () => {
    const values = [5, -2, 9, 0, 3, 11];
    expect(streamed(normalizeStep, {}, [numbers(values.slice(0, 2)), numbers([]), numbers(values.slice(2))])).toEqual(normalizeStep.fit!({}, [numbers(values)], ctx));
  });

  it.each<MissingValuesParams['strategy']>(['mean', 'mostFrequent', 'constant', 'dropRow'])('missing values (%s)', (strategy) => {
    const params: MissingValuesParams = { strategy, columns: strategy === 'mean' ? 'x' : 'x, tag', fillValue: '0' };
    expect(streamed(missingValuesStep, params, cut(rows))).toEqual(missingValuesStep.fit!(params, [rows], ctx));
  });

  it('outliers by z-score', () => {
    const params: RemoveOutliersParams = { method: 'zScore', threshold: 1, factor: 1.5, columns: 'x' };
    const whole = removeOutliersStep.fit!(params, [rows], ctx).bounds.x;
    const got = streamed(removeOutliersStep, params, cut(rows)).bounds.x;
    expect(got.low).toBeCloseTo(whole.low, 6);
    expect(got.high).toBeCloseTo(whole.high, 6);
  });

  it('tokenize: the vocabulary of the whole count', () => {
    const params: TokenizeParams = { column: 'words', lowercase: true, vocabularySize: 5, sequenceLength: 3, padding: 'post', truncating: 'post' };
    expect(streamed(tokenizeStep, params, cut(rows))).toEqual(tokenizeStep.fit!(params, [rows], ctx));
  });

  it('a median and IQR bounds cannot stream, and say why', () => {
    expect(missingValuesStep.fitStream!({ strategy: 'median', fillValue: '' })).toEqual({ cannot: expect.stringContaining('median') });
    expect(removeOutliersStep.fitStream!({ method: 'iqr', threshold: 3, factor: 1.5 })).toEqual({ cannot: expect.stringContaining('IQR') });
  });
});

describe('the data stage streamed', () => {
  it('names the first node that cannot stream, and why', () => {
    expect(streamBlocker(dataPlan(flowersSpec()))).toBeUndefined();
    const median = structuredClone(flowersPipeline());
    median.nodes.find((n) => n.id === 'fill')!.params.strategy = 'median';
    expect(streamBlocker(dataPlan(specOf(median)))).toEqual({ nodeId: 'fill', reason: expect.stringContaining('median') });
    let shuffled = addNode(flowersPipeline(), 'mix', 'preprocess.shuffle');
    shuffled = { ...shuffled, edges: [...shuffled.edges.map((e) => (e.source === 'dataset' ? { ...e, source: 'mix', sourcePort: 'out' } : e)), edge('dataset.table', 'mix.in')] };
    expect(streamBlocker(dataPlan(specOf(shuffled)))).toEqual({ nodeId: 'mix', reason: expect.stringContaining('all the rows at once') });
  });

  it('learns and gives what prepareData gives with the same rows in each part', async () => {
    const spec = flowersSpec();
    const plan = dataPlan(spec);
    const columns = columnsOf(spec);
    const read: ChunkSource = () => readCsvTables(text(flowersCsv), columns, { rowsPerChunk: 4 });
    const fitted = await fitStreamed(plan, read);
    // The fill's mean comes first; standardize learns from filled values in a second pass.
    expect(fitted.passes).toBe(2);

    // The in-memory run, its split replaced by the streamed one's hash of row numbers.
    const hashed: DataPlan = {
      ...plan,
      steps: plan.steps.map((run) => {
        if (!run.step.partition) return run;
        const { validationFraction, testFraction } = run.params as unknown as SplitParams;
        const partition = (_: SplitParams, t: Table) => {
          const parts = { train: [] as number[], validation: [] as number[], test: [] as number[] };
          for (let r = 0; r < t.rows; r++) parts[streamedPart(r, run.seed, validationFraction, testFraction)].push(r);
          return { train: Int32Array.from(parts.train), validation: Int32Array.from(parts.validation), test: Int32Array.from(parts.test) };
        };
        return { ...run, step: { ...splitStep, partition } };
      }),
    };
    const expected = prepareData(hashed, csvSourceTable(readFlowers(), columns));
    expect(fitted.rows).toEqual({ train: expected.train.rows, validation: expected.validation?.rows ?? 0, test: 0 });
    expect(fitted.rows.validation).toBeGreaterThan(0);
    const fill = fitted.states.fill as { fills: { petal_width: number } };
    expect(fill.fills.petal_width).toBeCloseTo((expected.states.fill as typeof fill).fills.petal_width, 10);
    const std = fitted.states.standardize as { mean: number[]; std: number[] };
    const want = expected.states.standardize as typeof std;
    std.mean.forEach((m, j) => expect(m).toBeCloseTo(want.mean[j], 6));
    std.std.forEach((s, j) => expect(s).toBeCloseTo(want.std[j], 6));

    const joined = (chunks: PartData[]) => ({ x: chunks.flatMap((c) => [...c.inputs[0].values]), y: chunks.flatMap((c) => [...c.target.values]) });
    const validation = joined(await collect(streamPart(plan, fitted, read, 'validation')));
    expect(validation.y).toEqual([...expected.validation!.target.values]);
    validation.x.forEach((v, i) => expect(v).toBeCloseTo(expected.validation!.inputs[0].values[i], 5));
  });
});
