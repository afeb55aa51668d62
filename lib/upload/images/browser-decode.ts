/**
 * The browser's image decoder for readImageSet, for a Web Worker (OffscreenCanvas has no page to
 * draw on there, and decoding off the main thread keeps the page responsive). Whatever the
 * browser can open (PNG, JPEG, GIF's first frame, BMP, WebP, AVIF) comes back as RGBA bytes at
 * the file's own size; readImageSet does the resizing, so the browser's own scaling never enters.
 */
import type { DecodedImage } from './read-images';

export async function decodeInBrowser(bytes: Uint8Array): Promise<DecodedImage> {
  // The browser sniffs the format from the bytes; the Blob's type is left empty on purpose.
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('This browser cannot draw images off the page (no 2D OffscreenCanvas).');
    context.drawImage(bitmap, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width, height, data };
  } finally {
    bitmap.close();
  }
}
