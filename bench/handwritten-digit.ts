import type * as Tf from '@tensorflow/tfjs';
import type { PreparedData } from '@/lib/data/run';

/**
 * The digit template (lib/templates/digit-cnn.ts) written by hand in plain tfjs, the way a person
 * who knows tfjs would write it without this app: the baseline the engine is benchmarked against.
 * Only the arrays come from the app (prepareRun), so both train on exactly the same numbers; from
 * there on it is textbook tfjs: one model.fit over every epoch, tfjs's own shuffling, no callbacks.
 */

type TfModule = typeof Tf;

export interface HandwrittenSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
}

/** conv 8@3x3 relu → max-pool 2 → flatten → dense 64 relu → dense 10 softmax, on 28x28x1 digits. */
export function handwrittenDigitModel(tf: TfModule): Tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

/** Trains the hand-written model on the prepared digits and returns its last epoch's logs. */
export async function trainHandwrittenDigit(tf: TfModule, data: PreparedData, settings: HandwrittenSettings): Promise<Tf.Logs> {
  const model = handwrittenDigitModel(tf);
  const optimizer = tf.train.adam(settings.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const [xs, ys] = tensorsOf(tf, data.train);
  const validation = data.validation ? tensorsOf(tf, data.validation) : undefined;
  try {
    const history = await model.fit(xs, ys, {
      batchSize: settings.batchSize,
      epochs: settings.epochs,
      validationData: validation,
      shuffle: true,
      verbose: 0,
    });
    const last = history.history.loss.length - 1;
    return Object.fromEntries(Object.entries(history.history).map(([key, values]) => [key, Number(values[last])]));
  } finally {
    tf.dispose([xs, ys, ...(validation ?? [])]);
    model.dispose();
    optimizer.dispose();
  }
}

/** A part's images as one 4-d tensor and its digits one-hot. */
function tensorsOf(tf: TfModule, part: PreparedData['train']): [Tf.Tensor, Tf.Tensor] {
  const [images] = part.inputs;
  if (part.target.kind !== 'classes') throw new Error('The digit data has no class labels.');
  const labels = part.target.values;
  const classes = part.target.classNames.length;
  return [tf.tensor(images.values, images.shape, 'float32'), tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat())];
}
