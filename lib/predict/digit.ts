import { sampleBilinear } from '../data/table';
import type { ExampleInput } from '../results/types';

/**
 * A drawing as an image model reads it, prepared the way MNIST's digits were: the ink's bounding
 * box scaled (aspect kept) to fit 20x20 of a 28x28 image, then moved so its centre of mass lies at
 * the centre. A digit drawn small or in a corner of the canvas then looks like the digits the
 * model learnt from. Other input sizes keep the same proportions (a box of 20/28 of the side).
 */

/** Ink per pixel (0-255) from a canvas's RGBA bytes: the brightest channel, for white strokes on black. */
export function inkFromRgba(rgba: ArrayLike<number>): Float32Array {
  const ink = new Float32Array(rgba.length / 4);
  for (let i = 0; i < ink.length; i++) ink[i] = Math.max(rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]);
  return ink;
}

/** Pixels with less ink than this are background (antialiasing's faint edge of the canvas). */
const inkThreshold = 8;

/**
 * `ink`: `width` x `height` values 0-255, row-major. `shape`: the model's [height, width,
 * channels]; gray is copied to each channel of a colour model. An empty drawing gives a black image.
 */
export function digitImage(ink: ArrayLike<number>, width: number, height: number, shape: readonly [number, number, number]): Extract<ExampleInput, { kind: 'image' }> {
  const [outH, outW, channels] = shape;
  const gray = new Float32Array(outW * outH);
  const box = inkBox(ink, width, height);
  if (box) {
    const fit = Math.max(1, Math.round((Math.min(outW, outH) * 20) / 28));
    const scale = fit / Math.max(box.width, box.height);
    const w = Math.max(1, Math.round(box.width * scale));
    const h = Math.max(1, Math.round(box.height * scale));
    const small = resample(ink, width, box, w, h);
    const { x, y } = centreOfMass(small, w, h);
    // Shift the mass centre to the image's centre, without pushing any of the box outside.
    const left = clamp(Math.round(outW / 2 - x), 0, outW - w);
    const top = clamp(Math.round(outH / 2 - y), 0, outH - h);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) gray[(top + r) * outW + left + c] = small[r * w + c];
  }
  const pixels = new Uint8Array(outW * outH * channels);
  for (let i = 0; i < gray.length; i++) {
    const value = clamp(Math.round(gray[i]), 0, 255);
    for (let ch = 0; ch < channels; ch++) pixels[i * channels + ch] = value;
  }
  return { kind: 'image', width: outW, height: outH, channels: channels === 3 ? 3 : 1, pixels };
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function inkBox(ink: ArrayLike<number>, width: number, height: number): Box | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (ink[r * width + c] < inkThreshold) continue;
      left = Math.min(left, c);
      right = Math.max(right, c);
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
    }
  }
  return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * The box's ink at `w` x `h`: shrinking averages every source pixel whose centre falls in a
 * target pixel (strokes keep their weight instead of breaking up); enlarging a tiny drawing
 * interpolates between pixels, as image resizing does.
 */
function resample(ink: ArrayLike<number>, width: number, box: Box, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  const sx = box.width / w;
  const sy = box.height / h;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const x0 = Math.ceil(c * sx - 0.5);
      const x1 = Math.ceil((c + 1) * sx - 0.5);
      const y0 = Math.ceil(r * sy - 0.5);
      const y1 = Math.ceil((r + 1) * sy - 0.5);
      if (x1 > x0 && y1 > y0) {
        let sum = 0;
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += ink[(box.top + y) * width + box.left + x];
        out[r * w + c] = sum / ((x1 - x0) * (y1 - y0));
      } else {
        const y = box.top + (r + 0.5) * sy - 0.5;
        const x = box.left + (c + 0.5) * sx - 0.5;
        sampleBilinear(ink, 0, box.top + box.height, width, 1, y, x, 'nearest', out, r * w + c);
      }
    }
  }
  return out;
}

/** Where the ink's weight balances, in pixel units from the top-left corner (a pixel's centre is at +0.5). */
function centreOfMass(values: Float32Array, w: number, h: number): { x: number; y: number } {
  let mass = 0;
  let x = 0;
  let y = 0;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const m = values[r * w + c];
      mass += m;
      x += m * (c + 0.5);
      y += m * (r + 0.5);
    }
  }
  return mass > 0 ? { x: x / mass, y: y / mass } : { x: w / 2, y: h / 2 };
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);
