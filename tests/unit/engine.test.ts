import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PartData, PreparedData } from '@/lib/data/run';
import { partitionRows, type SplitParams } from '@/lib/data/steps/split';
import type { Table } from '@/lib/data/table';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeNames, type NodeNames } from '@/lib/document/node-name';
import { loadTable } from '@/lib/datasets/load';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeReadFile, nodeSourceReaders } from '@/lib/datasets/node-files';
import { candidates, describeAdapter, estimateRunMs, explainChoice, isSoftwareRenderer, probeCacheKey, rankByEstimate, selectBackend, type Probe } from '@/lib/engine/backend';
import { useFastCpuKernels } from '@/lib/engine/cpu-kernels';
import { FromWorker, ProbeCache, ToWorker, type EpochReport } from '@/lib/engine/protocol';
import { runJson } from '@/lib/engine/run-json';
import { lowerRateHint, prepareRun, timeTrainingSteps, train, type TrainCallbacks } from '@/lib/engine/train';
import type { PipelineSpec } from '@/lib/spec/spec';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { exportVariants } from '../support/export-variants';
import { addEdge, addNode, removeEdge } from '../support/pipeline';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function withParams(doc: PipelineDocument, changes: Record<string, Record<string, unknown>>): PipelineDocument {
  const next = structuredClone(doc);
  for (const node of next.nodes) if (changes[node.id]) Object.assign(node.params, changes[node.id]);
  return next;
}

function specOf(doc: PipelineDocument): PipelineSpec {
  const result = compile(doc);
  if (!result.ok) throw new Error(`Pipeline does not compile: ${JSON.stringify(result.issues)}`);
  return result.spec;
}

const variant = (name: string) => exportVariants.find((v) => v.name === name)!.doc;

async function preparedFor(spec: PipelineSpec): Promise<PreparedData> {
  return prepareRun(spec, await loadSourceTable(spec.data.dataset, nodeSourceReaders));
}

/** Trains and checks that the run leaves no tensor behind, whatever its outcome. */
async function trainChecked(spec: PipelineSpec, callbacks?: TrainCallbacks, names?: NodeNames) {
  const data = await preparedFor(spec);
  const before = tf.memory().numTensors;
  const result = await train(tf, spec, data, callbacks, names);
  expect(tf.memory().numTensors, 'tensors left after the run').toBe(before);
  return result;
}

const shortIris = (changes: Record<string, unknown> = {}) => specOf(withParams(irisMlp, { optimizer: { epochs: 4, ...changes } }));

/** A table of `rows` rows: a row number, and a class that cycles through `classes` (for stratifying). */
function numbered(rows: number, { ordered = false, classes = ['a'] }: { ordered?: boolean; classes?: string[] } = {}): Table {
  return {
    kind: 'table',
    rows,
    ordered,
    columns: [
      { name: 'n', type: 'number', values: Float64Array.from({ length: rows }, (_, i) => i) },
      { name: 'c', type: 'category', categories: classes, values: Array.from({ length: rows }, (_, i) => classes[i % classes.length]) },
    ],
  };
}

const split = (changes: Partial<SplitParams> = {}): SplitParams => ({ validationFraction: 0.2, testFraction: 0, shuffle: true, stratify: false, ...changes });

describe('the split', () => {
  it('holds out the validation and test shares and covers every row once', () => {
    const { train: rows, validation, test } = partitionRows(numbered(150), split({ testFraction: 0.1 }), 42);
    expect([rows.length, validation.length, test.length]).toEqual([105, 30, 15]);
    expect([...rows, ...validation, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('shuffles with the seed: the same seed gives the same split, another seed another', () => {
    const table = numbered(100);
    expect(partitionRows(table, split({ validationFraction: 0.25 }), 1)).toEqual(partitionRows(table, split({ validationFraction: 0.25 }), 1));
    expect(partitionRows(table, split({ validationFraction: 0.25 }), 1).validation).not.toEqual(partitionRows(table, split({ validationFraction: 0.25 }), 2).validation);
  });

  it('keeps the order without shuffling, and never shuffles rows in time order', () => {
    expect(Array.from(partitionRows(numbered(10), split({ validationFraction: 0.3, shuffle: false }), 5).validation)).toEqual([7, 8, 9]);
    expect(Array.from(partitionRows(numbered(10, { ordered: true }), split({ validationFraction: 0.3 }), 5).validation)).toEqual([7, 8, 9]);
  });

  it('keeps a row on each side of tiny datasets', () => {
    const { train: rows, validation } = partitionRows(numbered(3), split({ validationFraction: 0.05 }), 1);
    expect([rows.length, validation.length]).toEqual([2, 1]);
  });

  it('stratified, gives every class its share of each part', () => {
    // 90 rows of a rare class c (1 in 9): unstratified, a seed can leave it out of validation.
    const table = numbered(90, { classes: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c'] });
    const parts = partitionRows(table, split({ validationFraction: 0.2, stratify: true, stratifyBy: 'c' }), 3);
    const classes = table.columns[1].values as string[];
    const count = (rows: Int32Array, c: string) => Array.from(rows).filter((r) => classes[r] === c).length;
    expect(['a', 'b', 'c'].map((c) => count(parts.validation, c))).toEqual([8, 8, 2]);
  });
});

describe('train', () => {
  it('trains the Iris template, reporting every batch and epoch', async () => {
    const spec = shortIris();
    const epochs: number[] = [];
    let progress = 0;
    const statuses: string[] = [];
    const result = await trainChecked(spec, {
      onEpoch: (r) => epochs.push(r.epoch),
      onProgress: () => progress++,
      onStatus: (s) => statuses.push(s),
    });
    expect(result.outcome).toBe('finished');
    expect([result.trainSamples, result.validationSamples, result.testSamples]).toEqual([120, 30, 0]);
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(progress).toBe(4 * Math.ceil(120 / spec.training.batchSize));
    expect(statuses).toEqual(['Preparing data…', 'Training…']);
    const last = result.history.at(-1)!;
    for (const value of [last.loss, last.accuracy, last.valLoss, last.valAccuracy, last.valMetrics?.accuracy]) expect(Number.isFinite(value)).toBe(true);
    expect(result.test).toBeUndefined();
    // What the worker sends at the end must pass the page's check.
    expect(FromWorker.safeParse({ type: 'done', ...result }).success).toBe(true);
  });

  it('repeats a run exactly with the same seed, and differs with another', async () => {
    const losses = async (seed: number) => (await trainChecked(shortIris({ seed }))).history.map((h) => [h.loss, h.valLoss]);
    const first = await losses(7);
    expect(await losses(7)).toEqual(first);
    expect(await losses(8)).not.toEqual(first);
  });

  it('repeats runs with dropout too', async () => {
    let doc = removeEdge(addNode(irisMlp, 'drop', 'layer.dropout', { rate: 0.3 }), 'hidden.out', 'classifier.in');
    doc = addEdge(addEdge(doc, 'hidden.out', 'drop.in'), 'drop.out', 'classifier.in');
    const spec = specOf(withParams(doc, { optimizer: { epochs: 3 } }));
    const run = async () => (await trainChecked(spec)).history.map((h) => h.loss);
    expect(await run()).toEqual(await run());
  });

  it('stops after the batch where shouldStop turns true', async () => {
    let batches = 0;
    const result = await trainChecked(shortIris(), { onProgress: () => batches++, shouldStop: () => batches >= 3 });
    expect(result.outcome).toBe('stopped');
    expect(batches).toBe(3);
    expect(result.history).toEqual([]);
  });

  it('reports divergence in words, with a hint, when the learning rate is far too high', async () => {
    const doc = structuredClone(irisMlp);
    const optimizer = doc.nodes.find((n) => n.id === 'optimizer')!;
    optimizer.kind = 'optimizer.sgd';
    optimizer.params = { learningRate: 10, epochs: 20, batchSize: 16, seed: 42 };
    const epochs: number[] = [];
    const result = await trainChecked(specOf(doc), { onEpoch: (r) => epochs.push(r.epoch) });
    expect(result.outcome).toBe('diverged');
    if (result.outcome !== 'diverged') return;
    expect(result.message).toMatch(/^Training diverged at epoch \d+: the loss shot up to \d+\.\d \(an untrained model scores about 1\.1\)/);
    // SGD at 10 is 1,000x its usual 0.01: 10x smaller would still diverge.
    expect(result.hint).toBe('Lower the learning rate of SGD from 10 to 0.01, its usual starting point.');
    expect(epochs.length).toBeLessThan(20);
  });

  it('names a last layer without softmax as the cause of a divergence, not the learning rate', async () => {
    const doc = withParams(irisMlp, { classifier: { activation: 'relu' } });
    const result = await trainChecked(specOf(doc), {}, nodeNames(doc));
    expect(result.outcome).toBe('diverged');
    if (result.outcome !== 'diverged') return;
    expect(result.message).toMatch(/^Training diverged at epoch \d+: the loss .+, so the run was stopped there\. /);
    expect(result.message).toContain('The last layer, Dense (classifier), uses relu: cross-entropy needs softmax probabilities.');
    expect(result.hint).toBe('Set its activation to softmax.');
  });

  it('reports a NaN loss as divergence and sends no NaN to the page', async () => {
    const spec = shortIris();
    const data = await preparedFor(spec);
    data.train.inputs[0].values[5] = Number.NaN;
    const before = tf.memory().numTensors;
    const reports: unknown[] = [];
    const result = await train(tf, spec, data, { onEpoch: (r) => reports.push(r) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ outcome: 'diverged', message: 'Training diverged at epoch 1: the loss became NaN (not a number), so the run was stopped there.' });
    expect(reports).toEqual([]);
    // The JSON of the run says null where a value is not a number, as JSON.stringify would write it.
    const json = runJson(result);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('fits the standardize step on the training rows only', async () => {
    const spec = shortIris();
    const table = await loadTable('iris', nodeReadFile);
    const data = prepareRun(spec, table);
    const fitted = data.states.standardize as { mean: number[] };
    // Standardized training rows have mean 0; validation rows, scaled with the training statistics, do not.
    const columnMean = (values: ArrayLike<number>, rows: number, j: number) => Array.from({ length: rows }, (_, r) => values[r * 4 + j]).reduce((a, b) => a + b, 0) / rows;
    for (let j = 0; j < 4; j++) expect(Math.abs(columnMean(data.train.inputs[0].values, data.train.rows, j))).toBeLessThan(1e-5);
    expect([0, 1, 2, 3].some((j) => Math.abs(columnMean(data.validation!.inputs[0].values, data.validation!.rows, j)) > 0.01)).toBe(true);
    // The fitted mean is the training rows' one, not every row's.
    const sepalLength = table.columns[0].values as Float64Array;
    expect(fitted.mean[0]).not.toBeCloseTo(sepalLength.reduce((a, b) => a + b, 0) / 150, 6);
    const result = await trainChecked(spec);
    expect(result.fitted.standardize).toEqual(data.states.standardize);
  });

  it('trains the CNN template on a few MNIST digits', async () => {
    const spec = specOf(withParams(digitCnn, { dataset: { maxSamples: 200 }, optimizer: { epochs: 1 } }));
    const result = await trainChecked(spec);
    expect(result.outcome).toBe('finished');
    expect([result.trainSamples, result.validationSamples]).toEqual([160, 40]);
    expect(Number.isFinite(result.history[0].valLoss)).toBe(true);
  });

  it('trains a regression on a number target and reports val_mae, beating the mean of the training rows', async () => {
    const spec = specOf(withParams(variant('small-cars-mse'), { dataset: { maxSamples: 300 }, optimizer: { epochs: 60, learningRate: 0.05 } }));
    expect(spec.data.target.info.kind).toBe('numbers');
    const data = await preparedFor(spec);
    const result = await trainChecked(spec);
    expect(result.outcome).toBe('finished');
    const json = runJson(result);
    expect(Object.keys(json.metrics)).toEqual(expect.arrayContaining(['val_loss', 'val_mae', 'val_mse', 'val_rmse', 'val_r2']));
    expect(json.metrics.accuracy).toBeUndefined();
    // Always guessing the training rows' mean mpg misses the validation rows by this much on average.
    const values = (part: PartData) => Array.from(part.target.values);
    const mean = values(data.train).reduce((a, b) => a + b, 0) / data.train.rows;
    const baseline = values(data.validation!).reduce((a, b) => a + Math.abs(b - mean), 0) / data.validation!.rows;
    expect(json.metrics.val_mae!).toBeLessThan(0.7 * baseline);
    expect(json.metrics.val_r2!).toBeGreaterThan(0.5);
  }, 60_000);

  it('trains class indices (sparse cross-entropy) and a binary target (one sigmoid unit)', async () => {
    const penguins = specOf(withParams(variant('small-penguins-clean-onehot-test-stratify'), { dataset: { maxSamples: 344 }, optimizer: { epochs: 20 } }));
    expect(penguins.loss.kind).toBe('loss.sparseCategoricalCrossentropy');
    const sparse = await trainChecked(penguins);
    expect(sparse.history.at(-1)!.valAccuracy).toBeGreaterThan(0.9);
    const xor = specOf(withParams(variant('small-xor-binary-auc-early-stop'), { dataset: { maxSamples: 400 }, optimizer: { epochs: 40, earlyStopping: false } }));
    expect(xor.loss.kind).toBe('loss.binaryCrossentropy');
    const binary = await trainChecked(xor);
    const last = binary.history.at(-1)!;
    expect(last.valAccuracy).toBeGreaterThan(0.85);
    expect(last.valMetrics?.auc).toBeGreaterThan(0.9);
  }, 60_000);

  it('trains a model with two inputs: user and item ids into two Embeddings and their dot product', async () => {
    const spec = specOf(withParams(variant('small-ratings-two-embeddings-dot'), { optimizer: { epochs: 5 } }));
    expect(spec.data.inputs.map((i) => i.dtype)).toEqual(['int32', 'int32']);
    const result = await trainChecked(spec);
    expect(result.outcome).toBe('finished');
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0].loss);
    expect(Number.isFinite(result.history.at(-1)!.valMetrics?.rmse)).toBe(true);
  }, 60_000);

  it('early stopping stops, and ends with the best epoch weights: the same test score as a run of that many epochs', async () => {
    const base = withParams(variant('small-penguins-clean-onehot-test-stratify'), { dataset: { maxSamples: 344 } });
    const spec = specOf(withParams(base, { optimizer: { epochs: 60, learningRate: 0.1, earlyStopping: true, monitor: 'val_loss', patience: 2 } }));
    const result = await trainChecked(spec);
    expect(result.history.length).toBeLessThan(60);
    expect(result.earlyStopping).toMatch(/\S/);
    const valLosses = result.history.map((h) => h.valLoss!);
    expect(result.restoredEpoch).toBe(valLosses.indexOf(Math.min(...valLosses)) + 1);
    expect(runJson(result).metrics.val_loss).toBe(Math.min(...valLosses));
    // Epochs are seeded one by one, so a run cut at the best epoch has that epoch's weights exactly.
    const cut = await trainChecked(specOf(withParams(base, { optimizer: { epochs: result.restoredEpoch!, learningRate: 0.1 } })));
    expect(result.test).toEqual(cut.test);
  }, 60_000);

  it('scores the test rows once, after training, never in an epoch report', async () => {
    const spec = specOf(withParams(variant('small-penguins-clean-onehot-test-stratify'), { optimizer: { epochs: 3 } }));
    const reports: EpochReport[] = [];
    const result = await trainChecked(spec, { onEpoch: (r) => reports.push(r) });
    expect(result.testSamples).toBeGreaterThan(0);
    expect(Object.keys(result.test ?? {}).sort()).toEqual(['accuracy', 'confusion_matrix', 'f1', 'loss', 'precision', 'recall', 'top_k_accuracy'].sort());
    expect(Object.keys(runJson(result).metrics).filter((k) => k.startsWith('test_'))).toHaveLength(Object.keys(result.test!).length);
    for (const report of reports) expect(JSON.stringify(report)).not.toMatch(/test/);
  });

  it('keeps the tensor count flat across epochs while augmentation makes fresh training images', async () => {
    const spec = specOf(withParams(variant('small-digits-augment-resize-reshape'), { optimizer: { epochs: 4 } }));
    const data = await preparedFor(spec);
    expect(data.trainingInputs).toBeDefined();
    expect(data.trainingInputs!(1).map((x) => x.values)).not.toEqual(data.trainingInputs!(0).map((x) => x.values));
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    const result = await train(tf, spec, data, { onEpoch: () => counts.push(tf.memory().numTensors) });
    expect(result.outcome).toBe('finished');
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

describe('backend choice', () => {
  const webgpu = (software: boolean): Probe => ({ name: 'webgpu', available: true, software, detail: '' });
  const webgl: Probe = { name: 'webgl', available: true, software: true, detail: '' };
  const cpu: Probe = { name: 'cpu', available: true, software: false, detail: '' };
  const names = (probes: Probe[]) => probes.map((p) => `${p.name}${p.available && p.software ? '(software)' : ''}`);

  it('auto measures every usable backend, but a software WebGPU adapter only where there is no WebGL', () => {
    expect(names(candidates([webgpu(false), webgl, cpu]))).toEqual(['webgpu', 'webgl(software)', 'cpu']);
    expect(names(candidates([webgpu(true), webgl, cpu]))).toEqual(['webgl(software)', 'cpu']);
    expect(names(candidates([webgpu(true), { name: 'webgl', available: false, reason: 'none' }, cpu]))).toEqual(['webgpu(software)', 'cpu']);
    expect(names(candidates([{ name: 'webgpu', available: false, reason: 'none' }, cpu]))).toEqual(['cpu']);
  });

  it('estimates the whole run and ranks by it: a slow warm-up loses a short run and wins a long one', () => {
    const timings = { webgl: { warmupMs: 2000, batchMs: 1 }, cpu: { warmupMs: 20, batchMs: 5 } };
    expect(estimateRunMs(timings.cpu, 101)).toBe(520);
    expect(rankByEstimate(timings, 100).map((r) => r.name)).toEqual(['cpu', 'webgl']);
    expect(rankByEstimate(timings, 10_000).map((r) => r.name)).toEqual(['webgl', 'cpu']);
  });

  it('explains the choice with the measured ratio to the runner-up', () => {
    const softWebgl = { name: 'webgl', available: true, software: true, detail: '' } as const;
    const cpuProbe = { name: 'cpu', available: true, software: false, detail: '' } as const;
    expect(explainChoice([{ probe: cpuProbe, estimateMs: 1300 }, { probe: softWebgl, estimateMs: 13_100 }], 'measured')).toBe(
      'CPU: 10x faster than the software-emulated GPU (WebGL) here · measured just now',
    );
    expect(explainChoice([{ probe: softWebgl, estimateMs: 6200 }, { probe: cpuProbe, estimateMs: 9500 }], 'cached')).toBe(
      'WebGL: 1.5x faster than the CPU here · measured earlier',
    );
    expect(explainChoice([{ probe: cpuProbe, estimateMs: 5 }], 'measured')).toBe('CPU: the only backend that runs here');
  });

  it('keys measurements by browser and model size', () => {
    const iris = shortIris();
    const key = probeCacheKey('Chrome|webgl=SwiftShader', iris, 16);
    expect(probeCacheKey('Chrome|webgl=SwiftShader', shortIris({ epochs: 50, learningRate: 0.1 }), 16)).toBe(key);
    expect(probeCacheKey('Chrome|webgl=NVIDIA', iris, 16)).not.toBe(key);
    expect(probeCacheKey('Chrome|webgl=SwiftShader', iris, 128)).not.toBe(key);
    expect(probeCacheKey('Chrome|webgl=SwiftShader', specOf(digitCnn), 16)).not.toBe(key);
  });

  it('times the actual model on a backend, leaving no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const timing = await timeTrainingSteps(tf, specOf(digitCnn), 8);
    expect(tf.memory().numTensors).toBe(before);
    expect(timing.warmupMs).toBeGreaterThan(0);
    expect(timing.batchMs).toBeGreaterThan(0);
  });

  it('auto on CPU alone measures once, then reuses the measurement', async () => {
    const plan = { spec: shortIris(), batchSize: 16, totalBatches: 32 };
    const first = await selectBackend(tf, 'auto', plan);
    expect(first.backend).toMatchObject({ name: 'cpu', chosen: 'measured', why: 'CPU: the only backend that runs here' });
    expect(Object.keys(first.backend.estimates!)).toEqual(['cpu']);
    const cache = ProbeCache.parse({ [first.measured!.key]: first.measured!.timings });
    const again = await selectBackend(tf, 'auto', plan, cache);
    expect(again.backend.chosen).toBe('cached');
    expect(again.measured).toBeUndefined();
    expect(FromWorker.safeParse({ type: 'backend', ...first }).success).toBe(true);
    expect(ToWorker.safeParse({ type: 'train', spec: plan.spec, backend: 'auto', probeCache: { k: { cpu: { warmupMs: -1, batchMs: 1 } } } }).success).toBe(false);
  });

  it('a backend picked in the menu is not measured', async () => {
    const chosen = await selectBackend(tf, 'cpu', { spec: shortIris(), batchSize: 16, totalBatches: 32 });
    expect(chosen).toEqual({ backend: { name: 'cpu', software: false, detail: 'CPU: no graphics acceleration', chosen: 'menu', why: 'CPU: chosen in the menu' } });
  });

  it('suggests a learning rate that suits the optimizer after a divergence', () => {
    expect(lowerRateHint('optimizer.adam', 10)).toBe('Lower the learning rate of Adam from 10 to 0.001, its usual starting point.');
    expect(lowerRateHint('optimizer.adam', 0.005)).toBe('Lower the learning rate of Adam from 0.005 to 0.0005 (10x smaller).');
    expect(lowerRateHint('optimizer.sgd', 0.5)).toBe('Lower the learning rate of SGD from 0.5 to 0.01, its usual starting point.');
    expect(lowerRateHint('optimizer.sgd', 0.05)).toBe('Lower the learning rate of SGD from 0.05 to 0.005 (10x smaller).');
  });

  it('knows a fallback adapter from a GPU', async () => {
    expect(await describeAdapter({ info: { architecture: 'swiftshader', vendor: 'google', isFallbackAdapter: true } })).toEqual({
      available: true,
      software: true,
      detail: 'software fallback adapter (swiftshader)',
    });
    expect((await describeAdapter({ info: { architecture: 'swiftshader', vendor: 'google' } })).software).toBe(true);
    expect((await describeAdapter({ isFallbackAdapter: true, requestAdapterInfo: async () => ({ vendor: 'google' }) })).software).toBe(true);
    expect(await describeAdapter({ info: { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA RTX 3060' } })).toEqual({
      available: true,
      software: false,
      detail: 'GPU: NVIDIA RTX 3060',
    });
  });

  it('knows software WebGL renderers', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
  });
});

describe('fast CPU kernels', () => {
  /** Straight from the definition of the gradient, channels last. */
  function referenceFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, stride: number, padTop: number, padLeft: number): number[] {
    const [b, h, w, ci] = x.shape;
    const [, oh, ow, co] = dy.shape;
    const xs = x.dataSync();
    const dys = dy.dataSync();
    const dw = new Array<number>(k * k * ci * co).fill(0);
    for (let n = 0; n < b; n++)
      for (let yr = 0; yr < oh; yr++)
        for (let yc = 0; yc < ow; yc++)
          for (let wr = 0; wr < k; wr++)
            for (let wc = 0; wc < k; wc++) {
              const r = yr * stride + wr - padTop;
              const c = yc * stride + wc - padLeft;
              if (r < 0 || r >= h || c < 0 || c >= w) continue;
              for (let i = 0; i < ci; i++)
                for (let o = 0; o < co; o++)
                  dw[((wr * k + wc) * ci + i) * co + o] += xs[((n * h + r) * w + c) * ci + i] * dys[((n * oh + yr) * ow + yc) * co + o];
            }
    return dw;
  }

  it.each([
    [[2, 9, 9, 1], 4, 3, 1, 'valid'],
    [[2, 12, 11, 3], 5, 5, 2, 'valid'],
    [[1, 7, 8, 2], 3, 3, 2, 'same'],
    [[1, 6, 6, 2], 2, 4, 3, 'same'],
  ] as const)('conv2d filter gradient on %j, %i filters of %i pixels, stride %i, padding %s', (shape, filters, k, stride, padding) => {
    useFastCpuKernels(tf);
    tf.tidy(() => {
      const x = tf.randomNormal(shape as unknown as [number, number, number, number], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([k, k, shape[3], filters], 0, 1, 'float32', 2) as tf.Tensor4D;
      const y = tf.conv2d(x, w, stride, padding);
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
      const dw = tf.grad((filter) => tf.conv2d(x, filter as tf.Tensor4D, stride, padding).mul(dy).sum())(w);
      const [oh, ow] = [y.shape[1], y.shape[2]];
      const padTop = padding === 'same' ? Math.floor(Math.max((oh - 1) * stride + k - shape[1], 0) / 2) : 0;
      const padLeft = padding === 'same' ? Math.floor(Math.max((ow - 1) * stride + k - shape[2], 0) / 2) : 0;
      const expected = referenceFilterGradient(x, dy, k, stride, padTop, padLeft);
      Array.from(dw.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
    });
  });

  it.each([
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[1, 7, 9, 2], 3, 2, 'valid'],
    [[1, 7, 7, 1], 2, 1, 'same'],
    [[1, 5, 6, 2], 3, 2, 'same'],
  ] as const)('max-pool gradient on %j, pool %i, stride %i, padding %s', (shape, pool, stride, padding) => {
    useFastCpuKernels(tf);
    tf.tidy(() => {
      const x = tf.randomNormal(shape as unknown as [number, number, number, number], 0, 1, 'float32', 4) as tf.Tensor4D;
      const y = tf.maxPool(x, pool, stride, padding);
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 5);
      const dx = tf.grad((input) => tf.maxPool(input as tf.Tensor4D, pool, stride, padding).mul(dy).sum())(x);
      // Each output's gradient lands on the input equal to that output's maximum, in its window.
      const [, h, w, c] = shape;
      const [, oh, ow] = y.shape;
      const padTop = padding === 'same' ? Math.floor(Math.max((oh - 1) * stride + pool - h, 0) / 2) : 0;
      const padLeft = padding === 'same' ? Math.floor(Math.max((ow - 1) * stride + pool - w, 0) / 2) : 0;
      const xs = x.dataSync();
      const ys = y.dataSync();
      const dys = dy.dataSync();
      const expected = new Array<number>(xs.length).fill(0);
      for (let n = 0; n < shape[0]; n++)
        for (let yr = 0; yr < oh; yr++)
          for (let yc = 0; yc < ow; yc++)
            for (let ch = 0; ch < c; ch++) {
              const out = ((n * oh + yr) * ow + yc) * c + ch;
              search: for (let r = Math.max(0, yr * stride - padTop); r < Math.min(h, yr * stride - padTop + pool); r++)
                for (let col = Math.max(0, yc * stride - padLeft); col < Math.min(w, yc * stride - padLeft + pool); col++) {
                  const i = ((n * h + r) * w + col) * c + ch;
                  if (xs[i] === ys[out]) {
                    expected[i] += dys[out];
                    break search;
                  }
                }
            }
      Array.from(dx.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    });
  });

  it.each([
    [[6, 3], 4],
    [[5, 2, 3], 7],
    [[1, 4], 1],
  ] as const)('segment sums (the gradient of an Embedding lookup) of %j into %i segments', (shape, segments) => {
    useFastCpuKernels(tf);
    tf.tidy(() => {
      const x = tf.randomNormal(shape as unknown as number[], 0, 1, 'float32', 6);
      // Repeated ids, and segments no row falls into (they sum to zero).
      const ids = Array.from({ length: shape[0] }, (_, i) => (i * 3) % segments);
      const out = tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), segments);
      const size = x.size / shape[0];
      const xs = x.dataSync();
      const expected = new Array<number>(segments * size).fill(0);
      ids.forEach((s, i) => {
        for (let j = 0; j < size; j++) expected[s * size + j] += xs[i * size + j];
      });
      expect(out.shape).toEqual([segments, ...shape.slice(1)]);
      Array.from(out.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    });
  });

  it('the gradient of a lookup adds up the rows looked up, once per look-up', () => {
    useFastCpuKernels(tf);
    tf.tidy(() => {
      const table = tf.randomNormal([5, 3], 0, 1, 'float32', 7);
      const ids = tf.tensor2d([[0, 2, 2], [4, 0, 2]], [2, 3], 'int32');
      const dy = tf.randomNormal([2, 3, 3], 0, 1, 'float32', 8);
      const grad = tf.grad((t) => tf.gather(t, ids).mul(dy).sum())(table);
      const dys = dy.dataSync();
      const expected = new Array<number>(15).fill(0);
      [0, 2, 2, 4, 0, 2].forEach((id, k) => {
        for (let j = 0; j < 3; j++) expected[id * 3 + j] += dys[k * 3 + j];
      });
      Array.from(grad.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    });
  });
});
