import { nothingToFit, type DataTensor, type StepFunctions } from '../table';

export interface ReshapeParams {
  /** The shape of one sample, comma-separated; one -1 stands for whatever size makes the count match. */
  targetShape: string;
}

/** The sizes written in `targetShape` (-1 for the free one), or undefined when it is not a list of sizes. */
export function parseShape(targetShape: string): number[] | undefined {
  const parts = targetShape.split(',').map((part) => part.trim());
  return parts.every((part) => /^(-1|[1-9]\d*)$/.test(part)) ? parts.map(Number) : undefined;
}

/** The sizes of `targetShape` for samples of `size` values, or undefined when they cannot hold exactly that many. */
export function resolveShape(targetShape: string, size: number): number[] | undefined {
  const dims = parseShape(targetShape);
  if (!dims) return undefined;
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const free = dims.filter((d) => d === -1).length;
  if (free > 1 || (free === 0 && known !== size) || (free === 1 && size % known !== 0)) return undefined;
  return dims.map((d) => (d === -1 ? size / known : d));
}

/** Gives every sample of a tensor a new shape with the same values in the same order. */
export const reshapeStep: StepFunctions<ReshapeParams> = {
  apply: (params, [input]) => {
    const x = input as DataTensor;
    const size = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const shape = resolveShape(params.targetShape, size);
    if (!shape) throw new Error(`Samples of ${size} values cannot take the shape [${params.targetShape}].`);
    return [{ ...x, shape: [x.shape[0], ...shape] }];
  },
  fitStream: nothingToFit,
};
