import { z } from 'zod';
import type { Shape } from '@/lib/shape/shape';
import { fail, ok, type ShapeResult } from './define-node';
import { formatShape } from '@/lib/shape/shape';

/** Activation functions offered on layers (a subset of tfjs's identifiers). */
export const activation = z.enum(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus', 'relu6', 'swish']);

/** Spatial output size of a convolution or pooling window along one axis, as tfjs computes it. */
export function windowOutput(size: number, window: number, stride: number, padding: 'valid' | 'same'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

/** Checks an image input and returns the output for a 2-D window (conv or pool), or the reason it cannot work. */
export function inferWindowed(
  layer: string,
  x: Shape,
  window: number,
  stride: number,
  padding: 'valid' | 'same',
  channels: (inChannels: number) => number,
): ShapeResult {
  if (x.length !== 4) {
    return fail(
      'E_RANK',
      `${layer} works on images shaped [?, height, width, channels], but it receives ${formatShape(x)}.`,
      x.length === 2
        ? 'This data is a table, not images: use Dense layers, or connect an image dataset.'
        : 'Connect an image dataset or a Conv2D/MaxPool2D output to it.',
    );
  }
  const [, h, w, c] = x as [null, number, number, number];
  if (padding === 'valid' && (h < window || w < window)) {
    return fail(
      'E_SHAPE',
      `The ${window}x${window} window of ${layer} is larger than its ${h}x${w} input.`,
      `Use a window of at most ${Math.min(h, w)}, or set padding to "same".`,
    );
  }
  return ok([[null, windowOutput(h, window, stride, padding), windowOutput(w, window, stride, padding), channels(c)]]);
}

/**
 * Classification loss and metrics compare a prediction [?, classes] with one-hot labels [?, classes].
 * Problems are blamed on the node that makes the prediction: that is the one the user must change.
 */
export function checkPrediction(prediction: Shape, labels: Shape): ShapeResult {
  const classes = labels[labels.length - 1] ?? 0;
  if (prediction.length !== 2) {
    return fail(
      'E_PREDICTION_SHAPE',
      `This output is ${formatShape(prediction)}, but the labels are ${formatShape(labels)}: one row of ${classes} class scores per sample is needed.`,
      prediction.length > 2 ? 'Add a Flatten node before the classifier.' : 'Add a Dense layer with one unit per class.',
      { blamePort: 'prediction' },
    );
  }
  if (prediction[1] !== classes) {
    return fail(
      'E_CLASS_COUNT',
      `This output has ${prediction[1]} units, but the labels have ${classes} classes.`,
      `Set units to ${classes}, one per class.`,
      { blamePort: 'prediction', fix: { label: `Set units to ${classes}`, params: { units: classes } } },
    );
  }
  return ok([]);
}

/** Run settings carried by every optimizer node. */
export function trainingParams(defaultLearningRate: number) {
  return {
    learningRate: z.number().positive().max(10).default(defaultLearningRate).describe('Step size of each update'),
    epochs: z.number().int().min(1).max(500).default(10).describe('Passes over the training data'),
    batchSize: z.number().int().min(1).max(4096).default(32).describe('Samples per update'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42).describe('Makes shuffling and initial weights repeatable'),
  };
}
