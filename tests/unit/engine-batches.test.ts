import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PreparedData } from '@/lib/data/run';
import { rebatch, takePartRows } from '@/lib/data/stream';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { loadSourceTable } from '@/lib/datasets/source';
import type { EpochReport } from '@/lib/engine/protocol';
import { memoryFeed, prepareRun, train } from '@/lib/engine/train';
import type { PipelineDocument } from '@/lib/document/document';
import type { PipelineSpec } from '@/lib/spec/spec';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { exportVariants } from '../support/export-variants';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The iris MLP with a few epochs and a test part, so validation and test both go through the batched path. */
function irisSpec(optimizer: Record<string, unknown> = {}): PipelineSpec {
  const doc: PipelineDocument = structuredClone(irisMlp);
  for (const node of doc.nodes) {
    if (node.kind === 'preprocess.split') Object.assign(node.params, { validationFraction: 0.2, testFraction: 0.2 });
    if (node.id === 'optimizer') Object.assign(node.params, { epochs: 3, batchSize: 16, ...optimizer });
  }
  const result = compile(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.spec;
}

async function prepared(spec: PipelineSpec): Promise<PreparedData> {
  return prepareRun(spec, await loadSourceTable(spec.data.dataset, nodeSourceReaders));
}

describe('training fed batch by batch', () => {
  it('gives the numbers of the whole-tensor path for the same seed', async () => {
    const spec = irisSpec();
    const data = await prepared(spec);
    const whole = await train(tf, spec, data);
    // A threshold of 0 bytes sends this small set through the batched path.
    const batched = await train(tf, spec, data, {}, {}, { batchedAboveBytes: 0 });
    expect(batched.outcome).toBe('finished');
    expect(batched.history).toHaveLength(3);
    expect(batched.trainSamples).toBe(whole.trainSamples);
    expect(batched.testSamples).toBeGreaterThan(0);
    batched.history.forEach((epoch, i) => {
      const expected = whole.history[i];
      expect(epoch.loss).toBeCloseTo(expected.loss, 5);
      expect(epoch.accuracy).toBeCloseTo(expected.accuracy!, 5);
      expect(epoch.valLoss).toBeCloseTo(expected.valLoss!, 5);
      expect(epoch.valMetrics).toEqual(expected.valMetrics);
    });
    for (const [name, value] of Object.entries(whole.test!)) expect(batched.test![name], name).toBeCloseTo(value, 5);
  });

  it('keeps the tensor count flat from epoch to epoch and leaves none behind', async () => {
    const spec = irisSpec({ epochs: 4 });
    const data = await prepared(spec);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const result = await train(tf, spec, data, { onEpoch: (_: EpochReport) => counts.push(tf.memory().numTensors) }, {}, { batchedAboveBytes: 0 });
    expect(result.history).toHaveLength(4);
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size, `tensors after each epoch: ${counts.join(', ')}`).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains on fresh augmented images each epoch, as the whole-tensor path does', async () => {
    const doc = structuredClone(exportVariants.find((v) => v.name === 'small-digits-augment-resize-reshape')!.doc);
    doc.nodes.find((n) => n.kind.startsWith('optimizer.'))!.params.epochs = 2;
    const result = compile(doc);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const data = await prepared(result.spec);
    expect(data.trainingInputs).toBeDefined();
    const whole = await train(tf, result.spec, data);
    const batched = await train(tf, result.spec, data, {}, {}, { batchedAboveBytes: 0 });
    batched.history.forEach((epoch, i) => {
      expect(epoch.loss).toBeCloseTo(whole.history[i].loss, 4);
      expect(epoch.valLoss).toBeCloseTo(whole.history[i].valLoss!, 4);
    });
  }, 60_000);

  it('feeds each epoch the rows in its own seeded order, every row once', async () => {
    const spec = irisSpec();
    const data = await prepared(spec);
    const feed = memoryFeed(data, spec.training.seed, 16);
    const seen = async (epoch: number) => {
      const rows: number[] = [];
      for await (const batch of feed.part('train', epoch)) rows.push(...batch.target.values);
      return rows;
    };
    const [first, second] = [await seen(0), await seen(1)];
    expect(first).toHaveLength(data.train.rows);
    // The same classes, in another order: a new shuffle each epoch.
    expect([...first].sort()).toEqual([...data.train.target.values].sort());
    expect(second).not.toEqual(first);
  });
});

describe('rebatch', () => {
  it('regroups chunks of any size into batches of exactly the batch size, in row order', async () => {
    const part = { inputs: [{ kind: 'tensor' as const, shape: [10, 2], dtype: 'float32' as const, values: Float32Array.from({ length: 20 }, (_, i) => i) }], target: { kind: 'classes' as const, classNames: ['a', 'b'], values: Int32Array.from({ length: 10 }, (_, i) => i % 2) }, rows: 10 };
    async function* chunks() {
      yield takePartRows(part, [0, 1, 2]);
      yield takePartRows(part, [3]);
      yield takePartRows(part, [4, 5, 6, 7, 8, 9]);
    }
    const batches = [];
    for await (const batch of rebatch(chunks(), 4)) batches.push(batch);
    expect(batches.map((b) => b.rows)).toEqual([4, 4, 2]);
    expect([...batches[1].inputs[0].values]).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(batches[1].inputs[0].shape).toEqual([4, 2]);
    expect([...batches[2].target.values]).toEqual([0, 1]);
  });
});
