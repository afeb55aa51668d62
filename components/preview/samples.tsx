'use client';

import { useEffect, useRef } from 'react';
import type { ArraySamples } from '@/lib/data/stats';
import { LineChart, type Line } from './charts';

/**
 * Image and series rows drawn from a preview's samples: the values of the first rows, copied out of
 * the column, and the column's range so every sample is drawn on the same scale.
 */

/** One image row on a <canvas>: 1 channel as grey, 3 as RGB, 4 as RGBA, any other count by its first channel. */
export function ImageSample({ samples, row, size = 56 }: { samples: ArraySamples; row: number; size?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height, width, channels = 1] = samples.shape;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.putImageData(imagePixels(samples, row), 0, 0);
  }, [samples, row]);
  return (
    <canvas
      ref={canvas}
      width={width}
      height={height}
      data-row={row}
      aria-label={`Image of row ${row + 1}, ${height}x${width}, ${channels} channel${channels === 1 ? '' : 's'}`}
      role="img"
      className="rounded-sm bg-zinc-950"
      // Small images (28x28 digits) are scaled up with square pixels, not blurred.
      style={{
        width: size,
        height: (size * height) / Math.max(width, 1),
        imageRendering: 'pixelated',
      }}
    />
  );
}

function imagePixels({ shape, values, min, max }: ArraySamples, row: number): ImageData {
  const [height, width, channels = 1] = shape;
  const pixels = new ImageData(width, height);
  const start = row * height * width * channels;
  const scale = max > min ? 255 / (max - min) : 0;
  for (let p = 0; p < height * width; p++) {
    const at = start + p * channels;
    const grey = channels !== 3 && channels !== 4;
    for (let ch = 0; ch < 3; ch++) pixels.data[p * 4 + ch] = (values[at + (grey ? 0 : ch)] - min) * scale;
    pixels.data[p * 4 + 3] = channels === 4 ? (values[at + 3] - min) * scale : 255;
  }
  return pixels;
}

/** The first image rows of a column as a grid, each drawn `size` pixels wide (64 in the preview, smaller in the narrow inspector). */
export function ImageGrid({ samples, size = 64 }: { samples: ArraySamples; size?: number }) {
  return (
    <section className="space-y-2">
      <h3 className="text-[12px] font-semibold text-zinc-200">
        Sample images of <span className="font-mono">{samples.name}</span>
      </h3>
      <div className="flex flex-wrap gap-1.5">
        {Array.from({ length: samples.rows }, (_, row) => (
          <ImageSample key={row} samples={samples} row={row} size={size} />
        ))}
      </div>
    </section>
  );
}

/** The channels of one series row as lines over its steps. */
export function seriesLines({ shape, values }: ArraySamples, row: number): Line[] {
  const [steps, channels = 1] = shape;
  const start = row * steps * channels;
  const x = Array.from({ length: steps }, (_, i) => i);
  return Array.from({ length: channels }, (_, ch) => ({
    name: `channel ${ch + 1}`,
    x,
    y: Array.from({ length: steps }, (_, i) => values[start + i * channels + ch]),
  }));
}

/** A series row small enough for a table cell. */
export function SeriesSample({ samples, row }: { samples: ArraySamples; row: number }) {
  return (
    <div className="w-24">
      <LineChart lines={seriesLines(samples, row)} label={`Series of row ${row + 1}`} height={24} legend={false} />
    </div>
  );
}
