import { z } from 'zod';
import type * as Tf from '@tensorflow/tfjs';
import { defineNode, fail, ok, type TfModule } from '../define-node';
import { ts } from '@/lib/export/code';
import { formatShape, sampleSize, type Shape } from '@/lib/shape/shape';

/**
 * The axis sizes written in the target shape ("28, 28, 1", "[-1, 4]"), or undefined when the
 * text is not whole numbers above 0 with at most one -1.
 */
export function parseTargetShape(text: string): number[] | undefined {
  const tokens = text.trim().replace(/^\[|\]$/g, '').split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length === 0 || !tokens.every((t) => /^(-1|[1-9]\d*)$/.test(t))) return undefined;
  const sizes = tokens.map(Number);
  return sizes.filter((d) => d === -1).length <= 1 ? sizes : undefined;
}

/** The sizes with -1 worked out for samples of `size` values, or undefined when they cannot hold them. */
function resolveTarget(sizes: number[], size: number): number[] | undefined {
  const known = sizes.reduce((n, d) => (d === -1 ? n : n * d), 1);
  if (!sizes.includes(-1)) return known === size ? sizes : undefined;
  return size % known === 0 ? sizes.map((d) => (d === -1 ? size / known : d)) : undefined;
}

const written = (sizes: number[]) => sizes.join(',');

function inferReshape(text: string, x: Shape) {
  const sizes = parseTargetShape(text);
  if (!sizes) {
    return fail(
      'E_RESHAPE_TARGET',
      `Reshape's target shape "${text}" is not a list of axis sizes.`,
      'Write whole numbers above 0 separated by commas, e.g. 28,28,1; -1 may stand once for an axis Reshape works out.',
    );
  }
  const size = sampleSize(x);
  const resolved = resolveTarget(sizes, size);
  if (resolved) return ok([[null, ...resolved]]);
  // The usual slip is the last axis: offer the size that makes the others fit, when there is one.
  const leading = sizes.slice(0, -1).reduce((n, d) => (d === -1 ? n : n * d), 1);
  const suggestion = !sizes.slice(0, -1).includes(-1) && size % leading === 0 ? [...sizes.slice(0, -1), size / leading] : undefined;
  const target = formatShape(sizes);
  return fail(
    'E_RESHAPE_SIZE',
    sizes.includes(-1)
      ? `Reshape cannot arrange the ${size} values of each sample ${formatShape(x)} as ${target}: ${size} is not a multiple of ${sizes.filter((d) => d !== -1).reduce((n, d) => n * d, 1)}.`
      : `Reshape's target shape ${target} holds ${sizes.reduce((n, d) => n * d, 1)} values, but each sample ${formatShape(x)} has ${size}.`,
    `Choose sizes that multiply to ${size}${suggestion ? `, e.g. ${written(suggestion)}` : ''}, or write -1 for the axis Reshape should work out.`,
    suggestion ? { fix: { label: `Set target shape to ${written(suggestion)}`, params: { targetShape: written(suggestion) } } } : {},
  );
}

/**
 * tfjs 4.22's Reshape leaves an axis written as -1 unknown in the model's shapes (it counts the
 * unknown batch size as an unknown axis), so a Flatten or Dense after it cannot be built. Working
 * the axis out from the input, as Keras does, fixes that; call() already does so on the values.
 */
function reshapeLayer(tf: TfModule, targetShape: number[]): Tf.layers.Layer {
  // A copy: tfjs's Reshape writes null over the -1 in the array it is given.
  const layer = tf.layers.reshape({ targetShape: [...targetShape] });
  if (!targetShape.includes(-1)) return layer;
  const known = targetShape.reduce((n, d) => (d === -1 ? n : n * d), 1);
  layer.computeOutputShape = (inputShape) => {
    const [batch, ...axes] = inputShape as (number | null)[];
    const size = axes.reduce<number>((n, d) => n * (d ?? Number.NaN), 1);
    return [batch, ...targetShape.map((d) => (d === -1 ? size / known : d))];
  };
  return layer;
}

/** reshapeLayer() above, as the exported program declares it. */
const reshapeWorkingOutAxis = ts`/**
 * tfjs's Reshape leaves an axis written as -1 unknown in the model's shapes, so a Flatten or Dense
 * after it cannot be built: this works the axis out from the input, as Keras does.
 */
function reshapeWorkingOutAxis(targetShape: number[]): tf.layers.Layer {
  // A copy: tfjs's Reshape writes null over the -1 in the array it is given.
  const layer = tf.layers.reshape({ targetShape: [...targetShape] });
  const known = targetShape.reduce((n, d) => (d === -1 ? n : n * d), 1);
  layer.computeOutputShape = (inputShape) => {
    const [batch, ...axes] = inputShape as (number | null)[];
    const size = axes.reduce<number>((n, d) => n * (d ?? Number.NaN), 1);
    return [batch, ...targetShape.map((d) => (d === -1 ? size / known : d))];
  };
  return layer;
}`;

/** The parsed sizes of compiled params: compile reports a target shape that does not parse before anything builds. */
function targetOf(text: string): number[] {
  const sizes = parseTargetShape(text);
  if (!sizes) throw new Error(`Reshape's target shape "${text}" does not parse: these params were not compiled.`);
  return sizes;
}

export const reshape = defineNode({
  kind: 'layer.reshape',
  version: 1,
  category: 'layer',
  ui: {
    label: 'Reshape',
    description: 'Rearranges the values of each sample into a new shape, e.g. a row of 4 values into a sequence of 4 steps.',
  },
  params: z.object({
    targetShape: z
      .string()
      .max(60)
      .default('-1,1')
      .describe('Size of each axis of one sample, separated by commas (28,28,1); -1 once works that axis out, so -1,1 makes every value a step'),
  }),
  inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
  outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
  inferShape: (p, [x]) => inferReshape(p.targetShape, x),
  paramCount: () => 0,
  build: (p, { tf }) => reshapeLayer(tf, targetOf(p.targetShape)),
  emit: (p) => {
    const targetShape = targetOf(p.targetShape);
    return targetShape.includes(-1)
      ? { declarations: [reshapeWorkingOutAxis], layer: ts`reshapeWorkingOutAxis(${targetShape})` }
      : { layer: ts`tf.layers.reshape({ targetShape: ${targetShape} })` };
  },
  summary: (p) => `to [${parseTargetShape(p.targetShape)?.join(', ') ?? p.targetShape}]`,
});
