import { deriveSeed, seededRandom } from '../../engine/random';
import { nothingToFit, sampleBilinear, type DataTensor, type ImageFill, type StepFunctions } from '../table';

export interface AugmentParams {
  /** Mirror half of the images left to right. */
  horizontalFlip: boolean;
  /** Largest turn either way, in degrees. */
  rotation: number;
  /** Largest zoom in or out, as a fraction of the size (0.1: 90% to 110%). */
  zoom: number;
  /** Largest shift either way, as a fraction of the width and height. */
  translation: number;
  fillMode: ImageFill;
}

/**
 * Random variations of the training images, drawn afresh every epoch from the step's seed and the
 * epoch: each image is flipped, turned, zoomed and shifted about its centre, read back by bilinear
 * interpolation. Validation and test images pass unchanged, so the model is judged on real ones.
 */
export const augmentStep: StepFunctions<AugmentParams> = {
  perEpoch: true,
  apply: (params, [input], _state, ctx) => {
    if (ctx.partition === 'validation' || ctx.partition === 'test') return [input];
    return [augment(input as DataTensor, params, seededRandom(deriveSeed(ctx.seed, ctx.epoch)))];
  },
  fitStream: nothingToFit,
};

export function augment(x: DataTensor, params: AugmentParams, random: () => number): DataTensor {
  const [rows, height, width, channels] = x.shape;
  const size = height * width * channels;
  const values = new Float32Array(rows * size);
  const centreY = (height - 1) / 2;
  const centreX = (width - 1) / 2;
  const between = (limit: number) => (random() * 2 - 1) * limit;
  for (let r = 0; r < rows; r++) {
    // Every image draws all five numbers, so turning one variation off leaves the others' draws as they were.
    const flip = random() < 0.5 && params.horizontalFlip ? -1 : 1;
    const angle = (between(params.rotation) * Math.PI) / 180;
    const scale = 1 + between(params.zoom);
    const shiftY = between(params.translation) * height;
    const shiftX = between(params.translation) * width;
    // Each output pixel reads the source where the inverse transform takes it: unshift, unzoom, unturn, unflip.
    const cos = Math.cos(angle) / scale;
    const sin = Math.sin(angle) / scale;
    for (let y = 0; y < height; y++) {
      const v = y - centreY - shiftY;
      for (let xx = 0; xx < width; xx++) {
        const u = xx - centreX - shiftX;
        const sourceX = flip * (cos * u + sin * v) + centreX;
        const sourceY = -sin * u + cos * v + centreY;
        sampleBilinear(x.values, r * size, height, width, channels, sourceY, sourceX, params.fillMode, values, r * size + (y * width + xx) * channels);
      }
    }
  }
  return { kind: 'tensor', shape: x.shape.slice(), dtype: 'float32', values };
}
