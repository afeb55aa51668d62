import { nothingToFit, sampleBilinear, type DataTensor, type StepFunctions } from '../table';

export interface ResizeParams {
  height: number;
  width: number;
}

/**
 * Resizes every image of a [rows, height, width, channels] tensor by bilinear interpolation, with
 * pixel centres aligned (an output pixel reads the input where its centre falls, edges repeat).
 */
export const resizeStep: StepFunctions<ResizeParams> = {
  apply: (params, [input]) => [resize(input as DataTensor, params.height, params.width)],
  fitStream: nothingToFit,
};

export function resize(x: DataTensor, height: number, width: number): DataTensor {
  const [rows, inHeight, inWidth, channels] = x.shape;
  const values = new Float32Array(rows * height * width * channels);
  const scaleY = inHeight / height;
  const scaleX = inWidth / width;
  for (let r = 0; r < rows; r++) {
    const from = r * inHeight * inWidth * channels;
    for (let y = 0; y < height; y++) {
      const sourceY = (y + 0.5) * scaleY - 0.5;
      for (let xx = 0; xx < width; xx++) {
        const at = ((r * height + y) * width + xx) * channels;
        sampleBilinear(x.values, from, inHeight, inWidth, channels, sourceY, (xx + 0.5) * scaleX - 0.5, 'nearest', values, at);
      }
    }
  }
  return { kind: 'tensor', shape: [rows, height, width, channels], dtype: 'float32', values };
}
