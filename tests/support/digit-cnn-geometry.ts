import { digitCnn } from '@/lib/templates/digit-cnn';

/**
 * What the digit CNN template should produce, worked out here from its own params with the
 * textbook formulas (not with the nodes' code), so the tests follow when the template is tuned
 * but still check compile's arithmetic.
 */
function paramsOf(id: string): Record<string, unknown> {
  const node = digitCnn.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`The digit CNN template has no "${id}" node`);
  return node.params;
}

/** Output size along one axis of a convolution or pooling window. */
export function windowSide(size: number, window: number, stride: number, padding: string): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

export function digitCnnGeometry() {
  const conv = paramsOf('conv');
  const filters = Number(conv.filters ?? 8);
  const kernel = Number(conv.kernelSize ?? 3);
  const convSide = windowSide(28, kernel, Number(conv.strides ?? 1), String(conv.padding ?? 'valid'));
  const pool = paramsOf('pool');
  const poolSize = Number(pool.poolSize ?? 2);
  const poolSide = windowSide(convSide, poolSize, Number(pool.strides ?? poolSize), String(pool.padding ?? 'valid'));
  const flat = poolSide * poolSide * filters;
  const hiddenUnits = Number(paramsOf('hidden').units);
  const classes = Number(paramsOf('classifier').units);
  const bias = (p: Record<string, unknown>, units: number) => (p.useBias === false ? 0 : units);
  return {
    filters,
    kernel,
    convShape: [null, convSide, convSide, filters],
    poolShape: [null, poolSide, poolSide, filters],
    flat,
    hiddenUnits,
    classes,
    convParams: kernel * kernel * 1 * filters + bias(conv, filters),
    hiddenParams: flat * hiddenUnits + bias(paramsOf('hidden'), hiddenUnits),
    classifierParams: hiddenUnits * classes + bias(paramsOf('classifier'), classes),
    optimizer: paramsOf('optimizer'),
  };
}

/** The canvas's way of writing a shape: the batch dimension as "?". */
export function shapeText(shape: (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]`;
}
