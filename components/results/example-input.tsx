'use client';

import { useEffect, useRef } from 'react';
import type { ExampleInput } from '@/lib/results/types';
import { formatNumber } from '@/lib/data/stats';

/** Cells listed per example: a card stays small; a model reading hundreds of values (token ids) shows where they start. */
const CELLS_SHOWN = 8;

/** One row's input as a person reads it: an image as an image, a table row as a small table, text as text. */
export function ExampleInputView({ input, label }: { input: ExampleInput; label: string }) {
  if (input.kind === 'image') return <ExampleImage image={input} label={label} />;
  if (input.kind === 'text') {
    return (
      <p title={input.text} className="line-clamp-5 text-[12px] leading-[1.45] break-words whitespace-pre-line text-zinc-200">
        {input.text === '' ? <span className="text-zinc-500 italic">(no text)</span> : input.text}
      </p>
    );
  }
  const shown = input.cells.slice(0, CELLS_SHOWN);
  const more = input.cells.length - shown.length;
  return (
    <table className="w-full text-[11.5px] leading-[1.5]" aria-label={label}>
      <tbody>
        {shown.map((cell, i) => (
          // By position: two columns may share a name after an upload.
          <tr key={i}>
            <th scope="row" className="max-w-24 truncate pr-2 text-left font-normal text-zinc-500" title={cell.name}>
              {cell.name}
            </th>
            <td className="max-w-32 truncate text-right text-zinc-200 tabular-nums" title={cell.value === null ? 'missing' : String(cell.value)}>
              {cell.value === null ? <span className="text-zinc-600">missing</span> : typeof cell.value === 'number' ? formatNumber(cell.value) : cell.value}
            </td>
          </tr>
        ))}
        {more > 0 && (
          <tr>
            <td colSpan={2} className="text-zinc-500">
              and {more} more value{more === 1 ? '' : 's'}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Pixels on a canvas at their own size, scaled up by CSS without smoothing so a 28 px digit stays crisp. */
function ExampleImage({ image, label }: { image: Extract<ExampleInput, { kind: 'image' }>; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const { width, height, channels, pixels } = image;
    const data = context.createImageData(width, height);
    for (let i = 0; i < width * height; i++) {
      const at = i * channels;
      data.data[i * 4] = pixels[at];
      data.data[i * 4 + 1] = pixels[channels === 3 ? at + 1 : at];
      data.data[i * 4 + 2] = pixels[channels === 3 ? at + 2 : at];
      data.data[i * 4 + 3] = 255;
    }
    context.putImageData(data, 0, 0);
  }, [image]);
  return (
    <canvas
      ref={canvas}
      role="img"
      aria-label={label}
      width={image.width}
      height={image.height}
      className="mx-auto block h-20 max-w-full rounded bg-black object-contain [image-rendering:pixelated]"
      style={{ aspectRatio: `${image.width} / ${image.height}` }}
    />
  );
}
