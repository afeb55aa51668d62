import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeNames, type NodeNames } from '@/lib/document/node-name';
import { loadDataset, type LoadedDataset, type ReadFile } from '@/lib/datasets/load';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { candidates, describeAdapter, estimateRunMs, explainChoice, isSoftwareRenderer, probeCacheKey, rankByEstimate, selectBackend, type Probe } from '@/lib/engine/backend';
import { useFastCpuKernels } from '@/lib/engine/cpu-kernels';
import { FromWorker, ProbeCache, ToWorker } from '@/lib/engine/protocol';
import { lowerRateHint, splitIndices, timeTrainingSteps, train, type TrainCallbacks } from '@/lib/engine/train';
import type { PipelineSpec } from '@/lib/spec/spec';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';

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
  if (!result.ok) throw new Error(`Template does not compile: ${JSON.stringify(result.issues)}`);
  return result.spec;
}

async function datasetFor(spec: PipelineSpec): Promise<LoadedDataset> {
  return loadDataset(spec.data.dataset, nodeReadFile, spec.data.maxSamples);
}

/** Trains and checks that the run leaves no tensor behind, whatever its outcome. */
async function trainChecked(spec: PipelineSpec, callbacks?: TrainCallbacks, names?: NodeNames) {
  const dataset = await datasetFor(spec);
  const before = tf.memory().numTensors;
  const result = await train(tf, spec, dataset, callbacks, names);
  expect(tf.memory().numTensors, 'tensors left after the run').toBe(before);
  return result;
}

const shortIris = (changes: Record<string, unknown> = {}) => specOf(withParams(irisMlp, { optimizer: { epochs: 4, ...changes } }));

describe('splitIndices', () => {
  it('holds out the validation share and covers every sample once', () => {
    const { train: rows, validation } = splitIndices(150, { nodeId: 's', validationFraction: 0.2, shuffle: true }, 42);
    expect(rows.length).toBe(120);
    expect(validation.length).toBe(30);
    expect([...rows, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('shuffles with the seed: the same seed gives the same split, another seed another', () => {
    const split = { nodeId: 's', validationFraction: 0.25, shuffle: true };
    expect(splitIndices(100, split, 1)).toEqual(splitIndices(100, split, 1));
    expect(splitIndices(100, split, 1).validation).not.toEqual(splitIndices(100, split, 2).validation);
  });

  it('keeps the order without shuffling, and trains on everything without a split', () => {
    expect(Array.from(splitIndices(10, { nodeId: 's', validationFraction: 0.3, shuffle: false }, 5).validation)).toEqual([7, 8, 9]);
    const all = splitIndices(10, null, 5);
    expect(all.train.length).toBe(10);
    expect(all.validation.length).toBe(0);
  });

  it('keeps a sample on each side of tiny datasets', () => {
    const { train: rows, validation } = splitIndices(3, { nodeId: 's', validationFraction: 0.05, shuffle: true }, 1);
    expect([rows.length, validation.length]).toEqual([2, 1]);
  });
});

describe('loadDataset', () => {
  const files = (contents: Record<string, Uint8Array | string>): ReadFile => async (name) => {
    const value = contents[name];
    if (value === undefined) throw new Error(`no ${name}`);
    return typeof value === 'string' ? new TextEncoder().encode(value) : value;
  };

  it('loads the built MNIST and Iris files, classes interleaved from the first samples on', async () => {
    const mnist = await loadDataset('mnist', nodeReadFile);
    expect(mnist.count).toBe(10_000);
    expect(mnist.features.length).toBe(10_000 * 784);
    expect(Math.max(...mnist.features.subarray(0, 784 * 20))).toBeLessThanOrEqual(255);
    expect(new Set(mnist.labels.subarray(0, 50)).size).toBe(10);
    const iris = await loadDataset('iris', nodeReadFile, 12);
    expect([iris.count, iris.features.length, iris.classes]).toEqual([12, 48, 3]);
    expect(new Set(iris.labels).size).toBe(3);
  });

  it('refuses truncated or inconsistent MNIST files', async () => {
    const labels = new Uint8Array(10_000);
    await expect(loadDataset('mnist', files({ 'mnist-images.u8': new Uint8Array(100), 'mnist-labels.u8': labels }))).rejects.toThrow(
      /expected 10000 images/,
    );
    await expect(
      loadDataset('mnist', files({ 'mnist-images.u8': new Uint8Array(784 * 10_000), 'mnist-labels.u8': new Uint8Array(5) })),
    ).rejects.toThrow(/holds 5 labels/);
    labels[3] = 12;
    await expect(loadDataset('mnist', files({ 'mnist-images.u8': new Uint8Array(784 * 10_000), 'mnist-labels.u8': labels }))).rejects.toThrow(
      /sample 3 has label 12/,
    );
  });

  it('refuses malformed Iris JSON', async () => {
    await expect(loadDataset('iris', files({ 'iris.json': '{"classNames": [' }))).rejects.toThrow(/not valid JSON/);
    await expect(loadDataset('iris', files({ 'iris.json': '{"classNames": ["a"], "features": [[1, 2]], "labels": [0]}' }))).rejects.toThrow(
      /iris.json is malformed/,
    );
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
    expect([result.trainSamples, result.validationSamples]).toEqual([120, 30]);
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(progress).toBe(4 * Math.ceil(120 / spec.training.batchSize));
    expect(statuses).toEqual(['Preparing data…', 'Training…']);
    const last = result.history.at(-1)!;
    for (const value of [last.loss, last.accuracy, last.valLoss, last.valAccuracy]) expect(Number.isFinite(value)).toBe(true);
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
    const doc = structuredClone(irisMlp);
    doc.nodes.push({ id: 'drop', kind: 'layer.dropout', params: { rate: 0.3 }, position: { x: 0, y: 0 } });
    doc.edges = doc.edges.filter((e) => !(e.source === 'hidden' && e.target === 'classifier'));
    doc.edges.push(
      { source: 'hidden', sourcePort: 'out', target: 'drop', targetPort: 'in' },
      { source: 'drop', sourcePort: 'out', target: 'classifier', targetPort: 'in' },
    );
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
    const iris = await datasetFor(spec);
    const features = iris.features.slice();
    features[5] = Number.NaN;
    const before = tf.memory().numTensors;
    const reports: unknown[] = [];
    const result = await train(tf, spec, { ...iris, features }, { onEpoch: (r) => reports.push(r) });
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ outcome: 'diverged', message: 'Training diverged at epoch 1: the loss became NaN (not a number), so the run was stopped there.' });
    expect(reports).toEqual([]);
  });

  it('fits preprocessing placed after the split on the training rows', async () => {
    // dataset -> split -> standardize -> layers: the standardize step runs after the split.
    const doc = structuredClone(irisMlp);
    doc.edges = doc.edges
      .filter((e) => !['standardize', 'split'].includes(e.target) || e.targetPort === 'labels')
      .filter((e) => e.source !== 'split' || e.sourcePort !== 'features');
    doc.edges.push(
      { source: 'dataset', sourcePort: 'features', target: 'split', targetPort: 'features' },
      { source: 'split', sourcePort: 'features', target: 'standardize', targetPort: 'in' },
      { source: 'standardize', sourcePort: 'out', target: 'hidden', targetPort: 'in' },
    );
    const spec = specOf(withParams(doc, { optimizer: { epochs: 3 } }));
    expect(spec.data.before).toEqual([]);
    expect(spec.data.after.map((s) => s.kind)).toEqual(['preprocess.standardize']);
    const result = await trainChecked(spec);
    expect(result.outcome).toBe('finished');
    expect(result.history.at(-1)!.valAccuracy).toBeGreaterThan(0.5);
  });

  it('trains the CNN template on a few MNIST digits', async () => {
    const spec = specOf(withParams(digitCnn, { dataset: { maxSamples: 200 }, optimizer: { epochs: 1 } }));
    const result = await trainChecked(spec);
    expect(result.outcome).toBe('finished');
    expect([result.trainSamples, result.validationSamples]).toEqual([160, 40]);
    expect(Number.isFinite(result.history[0].valLoss)).toBe(true);
  });
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
