import { describe, expect, it } from 'vitest';
import { digitImage, inkFromRgba } from '@/lib/predict/digit';

/** A 280x280 canvas with ink 255 in the rectangle [left, left + w) x [top, top + h). */
function canvas(left: number, top: number, w: number, h: number, size = 280): Float32Array {
  const ink = new Float32Array(size * size);
  for (let r = top; r < top + h; r++) for (let c = left; c < left + w; c++) ink[r * size + c] = 255;
  return ink;
}

/** The ink's bounding box and centre of mass in a 28x28 result. */
function measure(pixels: Uint8Array, size = 28) {
  let [left, right, top, bottom, mass, x, y] = [size, -1, size, -1, 0, 0, 0];
  pixels.forEach((v, i) => {
    if (v === 0) return;
    const r = Math.floor(i / size);
    const c = i % size;
    [left, right, top, bottom] = [Math.min(left, c), Math.max(right, c), Math.min(top, r), Math.max(bottom, r)];
    mass += v;
    x += v * (c + 0.5);
    y += v * (r + 0.5);
  });
  return { width: right - left + 1, height: bottom - top + 1, x: x / mass, y: y / mass };
}

describe('digitImage', () => {
  it('scales the ink’s box to 20 pixels on its longer side, aspect kept, and centres its mass, wherever it was drawn', () => {
    // A stroke 100 wide and 200 tall in the top-left corner of the canvas.
    const image = digitImage(canvas(10, 20, 100, 200), 280, 280, [28, 28, 1]);
    expect([image.width, image.height, image.channels, image.pixels.length]).toEqual([28, 28, 1, 784]);
    const m = measure(image.pixels);
    expect([m.width, m.height]).toEqual([10, 20]);
    expect(m.x).toBeCloseTo(14, 0);
    expect(m.y).toBeCloseTo(14, 0);
    // Solid ink stays solid: shrinking averages whole source pixels.
    expect(Math.max(...image.pixels)).toBe(255);
  });

  it('moves a lopsided drawing so its weight, not its box, is at the centre', () => {
    // A heavy block on the left, a thin line to its right: the mass sits left of the box's middle.
    const ink = canvas(0, 0, 60, 200);
    for (let c = 60; c < 140; c++) ink[100 * 280 + c] = 255;
    const m = measure(digitImage(ink, 280, 280, [28, 28, 1]).pixels);
    expect(m.width).toBe(14);
    expect(m.x).toBeCloseTo(14, 0);
  });

  it('enlarges a tiny drawing to the same 20 pixels', () => {
    const m = measure(digitImage(canvas(140, 140, 5, 10), 280, 280, [28, 28, 1]).pixels);
    expect([m.width, m.height]).toEqual([10, 20]);
  });

  it('gives a black image for an empty canvas, and copies gray into each channel of a colour model', () => {
    expect(digitImage(new Float32Array(280 * 280), 280, 280, [28, 28, 1]).pixels.every((v) => v === 0)).toBe(true);
    const colour = digitImage(canvas(100, 100, 50, 50), 280, 280, [32, 32, 3]);
    expect(colour.pixels.length).toBe(32 * 32 * 3);
    for (let i = 0; i < 32 * 32; i++) expect(new Set(colour.pixels.slice(i * 3, i * 3 + 3)).size).toBe(1);
    // The box is 20/28 of the side: 23 of 32 pixels.
    expect(measure(colour.pixels.filter((_, i) => i % 3 === 0), 32).width).toBe(23);
  });

  it('reads ink as the brightest channel of a canvas’s pixels', () => {
    expect(Array.from(inkFromRgba([0, 0, 0, 255, 255, 255, 255, 255, 10, 200, 30, 255]))).toEqual([0, 255, 200]);
  });
});
