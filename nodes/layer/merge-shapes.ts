import { fail, ok, type PortDefinition, type ShapeResult } from '../define-node';
import { formatShape, type Shape } from '@/lib/shape/shape';

/** Merge layers read two tensors, `a` and `b`; the engine applies the layer to both, in this order. */
export const mergeInputs: PortDefinition[] = [
  { id: 'a', label: 'a', type: 'tensor' },
  { id: 'b', label: 'b', type: 'tensor' },
];

const sameShape = (a: Shape, b: Shape) => formatShape(a) === formatShape(b);

/** "[?, 4, 8] and [?, 8]": how the messages name the two inputs. */
export const bothShapes = (a: Shape, b: Shape) => `a is ${formatShape(a)} and b is ${formatShape(b)}`;

/**
 * When two inputs differ only in their last axis, the layer feeding `b` usually sets that size
 * (a Dense's units): the issue goes there, with the fix that gives it `a`'s size.
 */
export function lastAxisMismatch(code: string, message: string, a: Shape, b: Shape): ShapeResult {
  const size = a[a.length - 1];
  return fail(code, message, `Give the layer feeding b the same ${size} units (or filters) as the one feeding a.`, {
    blamePort: 'b',
    fix: { label: `Set units to ${size}`, params: { units: size } },
  });
}

/** Add and Multiply combine values position by position, so both inputs must have one shape. */
export function elementwise(layer: string, a: Shape, b: Shape): ShapeResult {
  if (sameShape(a, b)) return ok([a]);
  const message = `${layer} combines its inputs value by value, so they need the same shape, but ${bothShapes(a, b)}.`;
  if (a.length === b.length && sameShape(a.slice(0, -1), b.slice(0, -1))) return lastAxisMismatch('E_SHAPE_MISMATCH', message, a, b);
  return fail(
    'E_SHAPE_MISMATCH',
    message,
    a.length !== b.length
      ? 'Add a Flatten (or Reshape) node on the branch with more axes, so both branches end in the same shape.'
      : 'Give both branches the same layers up to here (same window sizes, strides and padding), so their shapes agree.',
  );
}
