import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeNames } from '@/lib/document/node-name';
import { streamChoice, trainCsvStream } from '@/lib/engine/train-stream';
import type { PipelineSpec } from '@/lib/spec/spec';
import { flowersCsv, flowersPipeline } from '../support/csv-pipeline';

const dir = await mkdtemp(join(tmpdir(), 'stream-train-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function specOf(doc: PipelineDocument): PipelineSpec {
  const result = compile(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.spec;
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('trainCsvStream', () => {
  it('trains the flowers pipeline from the file, learning the fill before standardize, and leaves no tensor behind', async () => {
    const path = await file('flowers.csv', flowersCsv);
    const doc = flowersPipeline();
    doc.nodes.find((n) => n.id === 'optimizer')!.params.epochs = 3;
    const notes: string[] = [];
    const before = tf.memory().numTensors;
    const run = await trainCsvStream(specOf(doc), path, {}, nodeNames(doc), (line) => notes.push(line));
    if (!run.ok) throw new Error(run.error.message);
    expect(run.passes).toBe(2);
    expect(run.result.outcome).toBe('finished');
    expect(run.result.history).toHaveLength(3);
    expect(run.result.trainSamples + run.result.validationSamples).toBe(30);
    expect(run.result.history[2].valAccuracy).toBeGreaterThanOrEqual(0);
    expect(Object.keys(run.result.fitted).sort()).toEqual(['fill', 'standardize']);
    expect(notes).toEqual([expect.stringContaining('seeded hash of its row number')]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives a file without a column the pipeline reads back as a problem with the row, not a crash', async () => {
    const path = await file('renamed.csv', flowersCsv.replace('petal_length', 'length'));
    const run = await trainCsvStream(specOf(flowersPipeline()), path);
    expect(run).toEqual({ ok: false, error: expect.objectContaining({ code: 'CSV_MISSING_COLUMNS', row: 1, message: expect.stringContaining('"petal_length"') }) });
  });
});

describe('streamChoice', () => {
  it('streams when asked or when the file is big, unless a step needs every row; then says which node and why', async () => {
    const path = await file('small.csv', flowersCsv);
    const spec = specOf(flowersPipeline());
    expect(streamChoice(spec, path, true)).toEqual({ stream: true });
    // 1 KB is far below the size that streams without being asked.
    expect(streamChoice(spec, path, false)).toEqual({ stream: false });
    const median = flowersPipeline();
    median.nodes.find((n) => n.id === 'fill')!.params.strategy = 'median';
    const choice = streamChoice(specOf(median), path, true, nodeNames(median));
    expect(choice.stream).toBe(false);
    expect(choice.note).toMatch(/^Missing values.* cannot learn chunk by chunk: its median needs all the training values at once\. The file is loaded in memory instead\.$/);
  });
});
