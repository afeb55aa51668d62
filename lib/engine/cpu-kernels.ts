import type * as Tf from '@tensorflow/tfjs';

type TfModule = typeof Tf;

/**
 * Faster CPU kernels for what makes tfjs's pure-JS backend crawl on conv nets, dense layers and
 * embeddings. tfjs 4.22's Conv2DBackpropFilter and MaxPoolGrad read every value through
 * TensorBuffer.get(...) with a rest-argument index and loop in a cache-hostile order: one 26x26x16
 * conv layer spends ~0.8 s per batch of 64 in Conv2DBackpropFilter alone, about 30x its forward
 * pass. Its UnsortedSegmentSum (the gradient of a lookup, so of every Embedding) runs four tensor
 * ops over the whole batch for each of the table's rows: an Embedding of 2,000 words costs
 * 8,000 ops per batch whatever the batch holds. Its Transpose allocates two arrays per element
 * (about a tenth of the digit CNN's time, and much of its garbage, through Sum, which transposes
 * before summing over leading axes: every bias gradient). Its matrix product walks b down its
 * columns, a cache miss per step (a fifth of the digit CNN's time). These compute the same sums
 * with flat indexing, in the same order and precision where tfjs's own give bit-for-bit results
 * that training depends on (matMul, Sum: the tests compare them bit for bit). They handle the
 * layouts tf.layers models use (channels-last float32, no dilation) and hand anything else to
 * tfjs's own kernel. Only the 'cpu' backend is touched; WebGL and WebGPU keep their kernels.
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
  override(tf, 'Transpose', (original) => (args) => transpose(args) ?? original(args));
  override(tf, 'Sum', (original) => (args) => sum(tf, args) ?? original(args));
  override(tf, 'BatchMatMul', (original) => (args) => batchMatMul(tf, args) ?? original(args));
  override(tf, '_FusedMatMul', (original) => (args) => fusedMatMul(tf, args) ?? original(args));
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

type AnyValues = Float32Array | Int32Array | Uint8Array;

function numericValues(backend: CpuBackend, t: TensorInfo): AnyValues | undefined {
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array ? values : undefined;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** `values` (of `shape`) with its axes in the order `perm`: out axis i is input axis perm[i]. */
function permute<T extends AnyValues>(values: T, shape: readonly number[], perm: readonly number[]): T {
  const rank = shape.length;
  const out = new (values.constructor as new (n: number) => T)(values.length);
  if (values.length === 0) return out;
  const strides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) (strides[i] = s), (s *= shape[i]);
  // Walks the output in order; `from` follows in the input, an odometer over the output's axes.
  const dims = perm.map((p) => shape[p]);
  const steps = perm.map((p) => strides[p]);
  const at = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const innerSize = dims[last];
  const innerStep = steps[last];
  let from = 0;
  for (let o = 0; o < out.length; ) {
    for (let i = 0; i < innerSize; i++) out[o++] = values[from + i * innerStep];
    // Carry into the outer axes.
    for (let axis = last - 1; axis >= 0; axis--) {
      at[axis]++;
      from += steps[axis];
      if (at[axis] < dims[axis]) break;
      from -= steps[axis] * dims[axis];
      at[axis] = 0;
    }
  }
  return out;
}

function transpose({ inputs, backend, attrs }: KernelArgs): TensorInfo | undefined {
  const { x } = inputs;
  const values = numericValues(backend, x);
  if (!values || x.shape.length === 0) return undefined;
  const perm = attrs.perm as number[];
  return backend.makeTensorInfo(
    perm.map((p) => x.shape[p]),
    x.dtype,
    permute(values, x.shape, perm) as Values,
  );
}

/**
 * A float32 sum over axes that are not the innermost ones: tfjs's kernel moves them innermost
 * with its slow Transpose, then sums each run in double precision, rounding once. The same here,
 * with the fast permutation.
 */
function sum(tf: TfModule, { inputs, backend, attrs }: KernelArgs): TensorInfo | undefined {
  const { x } = inputs;
  const xs = floatValues(backend, x);
  if (!xs) return undefined;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
  const perm = tf.backend_util.getAxesPermutation(axes, rank);
  if (perm === null) return undefined;
  const permuted = permute(xs, x.shape, perm);
  const [outShape, reduceShape] = tf.backend_util.computeOutAndReduceShapes(
    perm.map((p) => x.shape[p]),
    tf.backend_util.getInnerMostAxes(axes.length, rank),
  );
  const reduceSize = sizeOf(reduceShape);
  const out = new Float32Array(sizeOf(outShape));
  for (let i = 0, offset = 0; i < out.length; i++) {
    let total = 0;
    for (let j = 0; j < reduceSize; j++) total += permuted[offset++];
    out[i] = total;
  }
  return backend.makeTensorInfo(attrs.keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape, 'float32', out);
}

/**
 * a·b for float32 matrices (batched, broadcast over leading axes). tfjs's kernel sums each output
 * in blocks of `blockSize` products: in double within a block, each block then added to the
 * float32 output. This does the same sums in the same order, on copies of a's rows and b's
 * columns laid out contiguously, so both are read in order.
 */
function matMulValues(tf: TfModule, backend: CpuBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean) {
  const as = floatValues(backend, a);
  const bs = floatValues(backend, b);
  const [ra, rb] = [a.shape.length, b.shape.length];
  if (!as || !bs || ra < 2 || rb < 2) return undefined;
  const inner = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  // A mismatch is tfjs's to report, in its words.
  if (inner !== (transposeB ? b.shape[rb - 1] : b.shape[rb - 2])) return undefined;
  const rows = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const cols = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const batchA = sizeOf(a.shape.slice(0, -2));
  const batchB = sizeOf(b.shape.slice(0, -2));
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = Math.max(batchA, batchB);
  const block = (backend as unknown as { blockSize?: number }).blockSize ?? 48;
  const out = new Float32Array(batch * rows * cols);
  // a's rows and b's columns as rows of `inner` values (a view when they already are).
  const rowsOf = (values: Float32Array, index: number, along: boolean, lines: number) => {
    const size = lines * inner;
    const part = values.subarray(index * size, (index + 1) * size);
    return along ? part : permute(part, [inner, lines], [1, 0]);
  };
  for (let bi = 0; bi < batch; bi++) {
    const aRows = rowsOf(as, bi % batchA, !transposeA, rows);
    const bCols = rowsOf(bs, bi % batchB, transposeB, cols);
    const base = bi * rows * cols;
    for (let i = 0; i < rows; i++) {
      const ai = i * inner;
      for (let j = 0; j < cols; j++) {
        const bj = j * inner;
        let value = 0;
        for (let k0 = 0; k0 < inner; k0 += block) {
          const end = Math.min(k0 + block, inner);
          let partial = 0;
          for (let k = k0; k < end; k++) partial += aRows[ai + k] * bCols[bj + k];
          value = Math.fround(value + partial);
        }
        out[base + i * cols + j] = value;
      }
    }
  }
  return { shape: [...outer, rows, cols], values: out };
}

function batchMatMul(tf: TfModule, { inputs, backend, attrs }: KernelArgs): TensorInfo | undefined {
  const result = matMulValues(tf, backend, inputs.a, inputs.b, Boolean(attrs.transposeA), Boolean(attrs.transposeB));
  return result && backend.makeTensorInfo(result.shape, 'float32', result.values);
}

/**
 * A dense layer's forward pass: a·b, plus a bias along the last axis, then linear or relu, each
 * rounded to float32 as tfjs's separate kernels round them. Other activations and bias shapes go
 * to tfjs's kernel.
 */
function fusedMatMul(tf: TfModule, { inputs, backend, attrs }: KernelArgs): TensorInfo | undefined {
  const { a, b, bias, preluActivationWeights } = inputs;
  const activation = (attrs.activation as string | undefined) ?? 'linear';
  if (preluActivationWeights || (activation !== 'linear' && activation !== 'relu')) return undefined;
  const biases = bias ? floatValues(backend, bias) : undefined;
  if (bias && !biases) return undefined;
  const result = matMulValues(tf, backend, a, b, Boolean(attrs.transposeA), Boolean(attrs.transposeB));
  if (!result) return undefined;
  const cols = result.shape[result.shape.length - 1];
  if (biases && biases.length !== cols && biases.length !== 1) return undefined;
  const values = result.values;
  if (biases) for (let i = 0; i < values.length; i++) values[i] += biases.length === 1 ? biases[0] : biases[i % cols];
  if (activation === 'relu') for (let i = 0; i < values.length; i++) values[i] = Math.max(0, values[i]);
  return backend.makeTensorInfo(result.shape, 'float32', values);
}
