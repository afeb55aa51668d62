import type * as Tf from '@tensorflow/tfjs';

type TfModule = typeof Tf;

/**
 * Faster CPU kernels for the gradients that make tfjs's pure-JS backend crawl on conv nets and
 * embeddings. tfjs 4.22's Conv2DBackpropFilter and MaxPoolGrad read every value through
 * TensorBuffer.get(...) with a rest-argument index and loop in a cache-hostile order: one 26x26x16
 * conv layer spends ~0.8 s per batch of 64 in Conv2DBackpropFilter alone, about 30x its forward
 * pass. Its UnsortedSegmentSum (the gradient of a lookup, so of every Embedding) runs four tensor
 * ops over the whole batch for each of the table's rows: an Embedding of 2,000 words costs
 * 8,000 ops per batch whatever the batch holds. These compute the same sums with flat indexing.
 * They handle the layouts tf.layers models use (channels-last float32, no dilation) and hand
 * anything else to tfjs's own kernel. Only the 'cpu' backend is touched; WebGL and WebGPU keep
 * their kernels.
 */

type Values = Float32Array;
interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface CpuBackend {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: string, values: Values): TensorInfo;
}
interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: CpuBackend;
  attrs: Record<string, unknown>;
}
type KernelFunc = (args: KernelArgs) => TensorInfo;

const marker = Symbol.for('pipeline-builder.fast-cpu-kernel');

export function useFastCpuKernels(tf: TfModule): void {
  override(tf, 'Conv2DBackpropFilter', (original) => (args) => conv2dBackpropFilter(tf, args) ?? original(args));
  override(tf, 'MaxPoolGrad', (original) => (args) => maxPoolGrad(tf, args) ?? original(args));
  override(tf, 'UnsortedSegmentSum', (original) => (args) => unsortedSegmentSum(args) ?? original(args));
}

function override(tf: TfModule, kernelName: string, make: (original: KernelFunc) => KernelFunc) {
  const current = tf.getKernel(kernelName, 'cpu');
  if (!current || (current.kernelFunc as unknown as Record<symbol, boolean>)[marker]) return;
  const fast = make(current.kernelFunc as unknown as KernelFunc);
  (fast as unknown as Record<symbol, boolean>)[marker] = true;
  // unregister first: registerKernel over an existing one works too, but logs a warning.
  tf.unregisterKernel(kernelName, 'cpu');
  tf.registerKernel({ ...current, kernelFunc: fast as unknown as typeof current.kernelFunc });
}

function floatValues(backend: CpuBackend, t: TensorInfo): Values | undefined {
  const values = backend.data.get(t.dataId).values;
  return t.dtype === 'float32' && values instanceof Float32Array ? values : undefined;
}

/** dW[wr, wc, ci, co] = sum over batch and output positions of x[b, r, c, ci] * dy[b, yr, yc, co]. */
function conv2dBackpropFilter(tf: TfModule, { inputs, backend, attrs }: KernelArgs): TensorInfo | undefined {
  const { x, dy } = inputs;
  const xs = floatValues(backend, x);
  const dys = floatValues(backend, dy);
  if (!xs || !dys || attrs.dataFormat === 'NCHW' || x.shape.length !== 4) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'valid',
    attrs.dimRoundingMode as 'floor' | undefined,
    false,
    'channelsLast',
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Sums in double precision, like tfjs's kernel, so long sums do not lose float32 bits.
  const dw = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        const dyBase = ((b * outHeight + yr) * outWidth + yc) * outChannels;
        for (let wr = 0; wr < filterHeight; wr++) {
          const r = yr * strideHeight - top + wr;
          if (r < 0 || r >= inHeight) continue;
          for (let wc = 0; wc < filterWidth; wc++) {
            const c = yc * strideWidth - left + wc;
            if (c < 0 || c >= inWidth) continue;
            const xBase = ((b * inHeight + r) * inWidth + c) * inChannels;
            const wBase = (wr * filterWidth + wc) * inChannels * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const xv = xs[xBase + ci];
              // Zeros (blank pixels, relu outputs) add nothing: skipping them is most of the speed-up on images.
              if (xv === 0) continue;
              const w = wBase + ci * outChannels;
              for (let co = 0; co < outChannels; co++) dw[w + co] += xv * dys[dyBase + co];
            }
          }
        }
      }
    }
  }
  return backend.makeTensorInfo(info.filterShape, 'float32', Float32Array.from(dw));
}

/** Routes each output gradient back to the input that was the maximum of its window (the first one on ties). */
function maxPoolGrad(tf: TfModule, { inputs, backend, attrs }: KernelArgs): TensorInfo | undefined {
  const { dy, input } = inputs;
  const xs = floatValues(backend, input);
  const dys = floatValues(backend, dy);
  if (!xs || !dys || input.shape.length !== 4) return undefined;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'valid',
    attrs.dimRoundingMode as 'floor' | undefined,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Overlapping windows add several gradients into one input: sum them in double, like tfjs.
  const dx = new Float64Array(xs.length);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      const r0 = yr * strideHeight - top;
      const rMin = Math.max(0, r0);
      const rMax = Math.min(inHeight, r0 + filterHeight);
      for (let yc = 0; yc < outWidth; yc++) {
        const c0 = yc * strideWidth - left;
        const cMin = Math.max(0, c0);
        const cMax = Math.min(inWidth, c0 + filterWidth);
        const dyBase = ((b * outHeight + yr) * outWidth + yc) * inChannels;
        for (let ch = 0; ch < inChannels; ch++) {
          let max = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let r = rMin; r < rMax; r++) {
            for (let c = cMin; c < cMax; c++) {
              const i = ((b * inHeight + r) * inWidth + c) * inChannels + ch;
              if (xs[i] > max) {
                max = xs[i];
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += dys[dyBase + ch];
        }
      }
    }
  }
  return backend.makeTensorInfo(input.shape, 'float32', Float32Array.from(dx));
}

/**
 * out[s, ...] = the sum of x[i, ...] over the rows i whose segment id is s, in row order and in
 * double precision, rounded once to float32: the sums tfjs's kernel makes (it masks x for each
 * segment and sums the rows in order), so training gives the same numbers. Ids outside
 * [0, numSegments) add nothing, as there.
 */
function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): TensorInfo | undefined {
  const { x, segmentIds } = inputs;
  const xs = floatValues(backend, x);
  const ids = backend.data.get(segmentIds.dataId).values;
  if (!xs || segmentIds.dtype !== 'int32' || !(ids instanceof Int32Array)) return undefined;
  const segments = attrs.numSegments as number;
  const rows = ids.length;
  const size = rows === 0 ? 0 : xs.length / rows;
  const sums = new Float64Array(segments * size);
  for (let i = 0; i < rows; i++) {
    const s = ids[i];
    if (s < 0 || s >= segments) continue;
    const from = i * size;
    const to = s * size;
    for (let j = 0; j < size; j++) sums[to + j] += xs[from + j];
  }
  return backend.makeTensorInfo([segments, ...x.shape.slice(segmentIds.shape.length)], 'float32', Float32Array.from(sums));
}
