import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { prepareRun, train } from '@/lib/engine/train';
import type { Checkpoint } from '@/lib/runs/model';
import type { PipelineSpec } from '@/lib/spec/spec';
import { irisMlp } from '@/lib/templates/iris-mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The Iris template for 3 epochs with Adam: its moments are optimizer state a resume must carry over. */
function spec(params: Record<string, unknown> = {}): PipelineSpec {
  const doc = structuredClone(irisMlp);
  for (const node of doc.nodes) if (node.id === 'optimizer') Object.assign(node.params, { epochs: 3, batchSize: 16, ...params });
  const result = compile(doc);
  if (!result.ok) throw new Error('The Iris template does not compile.');
  return result.spec;
}

describe('pausing and resuming a run', () => {
  it('resumes from a checkpoint taken mid-epoch to the same model as a run never paused', async () => {
    const s = spec();
    const data = prepareRun(s, await loadSourceTable(s.data.dataset, nodeSourceReaders));
    const whole = await train(tf, s, data);

    // Paused in epoch 2 after its second batch; the page then goes away (the run is stopped there).
    let batches = 0;
    let checkpoint: Checkpoint | undefined;
    const before = tf.memory().numTensors;
    const paused = await train(tf, s, data, {
      onProgress: () => batches++,
      shouldPause: () => checkpoint === undefined && batches === Math.ceil(data.train.rows / 16) + 2,
      onPause: async (taken) => {
        checkpoint = taken;
        return 'stop';
      },
    });
    expect(tf.memory().numTensors, 'tensors left after the paused run').toBe(before);
    expect(paused.outcome).toBe('stopped');
    expect(checkpoint).toMatchObject({ epoch: 1, batch: 2 });
    expect(checkpoint!.optimizer.specs.length, 'Adam keeps its step count and two moments per weight').toBeGreaterThan(1);

    // A new run (as after a reload) goes on from the checkpoint.
    const resumed = await train(tf, s, data, {}, {}, { resume: { checkpoint: checkpoint!, history: paused.history } });
    expect(tf.memory().numTensors, 'tensors left after the resumed run').toBe(before);
    expect(resumed.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    const last = resumed.history[2];
    const expected = whole.history[2];
    expect(last.valLoss).toBeCloseTo(expected.valLoss!, 5);
    expect(last.valAccuracy).toBeCloseTo(expected.valAccuracy!, 5);
  });

  it('carries early stopping across a pause: its patience and the best weights it holds', async () => {
    // Seen with this seed: validation loss is best after epoch 6, worse after 7 and 8, so patience 2
    // stops the run after epoch 8 and puts epoch 6's weights back.
    const s = spec({ epochs: 20, learningRate: 0.05, earlyStopping: true, monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const data = prepareRun(s, await loadSourceTable(s.data.dataset, nodeSourceReaders));
    const whole = await train(tf, s, data);
    expect(whole.history).toHaveLength(8);
    expect(whole.restoredEpoch).toBe(6);

    // Paused in epoch 8, one batch in: epoch 6 is the best so far and epoch 7 used one of the two.
    const perEpoch = Math.ceil(data.train.rows / 16);
    let batches = 0;
    let checkpoint: Checkpoint | undefined;
    const before = tf.memory().numTensors;
    const paused = await train(tf, s, data, {
      onProgress: () => batches++,
      shouldPause: () => checkpoint === undefined && batches === 7 * perEpoch + 1,
      onPause: async (taken) => {
        checkpoint = taken;
        return 'stop';
      },
    });
    expect(checkpoint).toMatchObject({ epoch: 7, batch: 1 });
    expect(checkpoint!.bestWeights?.specs.length, 'the checkpoint keeps the best epoch\'s weights').toBe(checkpoint!.weights.specs.length);

    const resumed = await train(tf, s, data, {}, {}, { resume: { checkpoint: checkpoint!, history: paused.history } });
    expect(tf.memory().numTensors, 'tensors left after the paused and the resumed run').toBe(before);
    // A fresh count would have taken epoch 8's loss as the best and trained on.
    expect(resumed.history).toHaveLength(8);
    expect(resumed.earlyStopping).toBe(whole.earlyStopping);
    expect(resumed.restoredEpoch).toBe(6);
    // The results come from epoch 6's weights, put back from the checkpoint's copy.
    const [ours, theirs] = [resumed.heldOut!.prediction, whole.heldOut!.prediction];
    expect(ours.length).toBe(theirs.length);
    for (let i = 0; i < ours.length; i++) expect(ours[i]).toBeCloseTo(theirs[i], 5);
  });

  it('waits while paused and goes on when resumed, with every batch reported once', async () => {
    const s = spec();
    const data = prepareRun(s, await loadSourceTable(s.data.dataset, nodeSourceReaders));
    const steps: number[] = [];
    let pausedOnce = false;
    const result = await train(tf, s, data, {
      onPoints: (points) => steps.push(...points.map((p) => p.step)),
      shouldPause: () => !pausedOnce && (pausedOnce = true),
      onPause: () => new Promise((resolve) => setTimeout(() => resolve('resume'), 20)),
    });
    expect(result.outcome).toBe('finished');
    const perEpoch = Math.ceil(data.train.rows / 16);
    expect(steps).toEqual(Array.from({ length: 3 * perEpoch }, (_, i) => i + 1));
  });

  it('keeps the trained model when asked, and returns the predictions the results are computed from', async () => {
    const s = spec();
    const data = prepareRun(s, await loadSourceTable(s.data.dataset, nodeSourceReaders));
    const before = tf.memory().numTensors;
    const result = await train(tf, s, data, {}, {}, { keepModel: true });
    expect(result.model).toBeDefined();
    expect(result.heldOut?.part).toBe('validation');
    expect(result.heldOut?.prediction.length).toBe(data.validation!.rows * 3);
    const weights = result.model!.countParams();
    expect(weights).toBeGreaterThan(0);
    result.model!.dispose();
    expect(tf.memory().numTensors, 'only the kept model outlived the run').toBe(before);
  });
});
