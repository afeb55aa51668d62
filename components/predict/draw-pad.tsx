'use client';

import { useEffect, useRef } from 'react';
import type { ExampleInput } from '@/lib/results/types';
import { digitImage, inkFromRgba } from '@/lib/predict/digit';

/** The pad's size in pixels: ten canvas pixels to each of a 28x28 digit's. */
const padSize = 280;
/** MNIST's strokes are 2 to 3 pixels of 28 wide: 20 of 280. */
const strokeWidth = 20;

/**
 * A black square to draw on in white with a mouse, a finger or a pen (pointer events cover all
 * three). After each stroke the drawing, scaled and centred as MNIST's digits were, goes to
 * `onDrawn`; Clear empties the pad and calls `onClear`.
 */
export function DrawPad({ shape, onDrawn, onClear }: { shape: [number, number, number]; onDrawn: (image: ExampleInput) => void; onClear: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  const context = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;
  const clear = () => {
    const c = context();
    if (!c) return;
    c.fillStyle = '#000';
    c.fillRect(0, 0, padSize, padSize);
  };
  useEffect(clear, []);

  /** Where the pointer is, in canvas pixels (the canvas may be drawn smaller than 280 on a narrow screen). */
  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - box.left) / box.width) * padSize, y: ((e.clientY - box.top) / box.height) * padSize };
  };
  const line = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const c = context();
    if (!c) return;
    c.strokeStyle = '#fff';
    c.lineWidth = strokeWidth;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
  };
  const end = () => {
    if (!last.current) return;
    last.current = null;
    const c = context();
    if (!c) return;
    const ink = inkFromRgba(c.getImageData(0, 0, padSize, padSize).data);
    onDrawn(digitImage(ink, padSize, padSize, shape));
  };

  return (
    <div className="space-y-2">
      <canvas
        ref={canvas}
        width={padSize}
        height={padSize}
        data-testid="predict-canvas"
        role="img"
        aria-label="Drawing pad: draw a digit with the mouse, a finger or a pen"
        className="block aspect-square w-full max-w-[280px] cursor-crosshair touch-none rounded-lg border border-zinc-700 bg-black"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          last.current = at(e);
          // A tap is a dot.
          line(last.current, last.current);
        }}
        onPointerMove={(e) => {
          if (!last.current) return;
          const point = at(e);
          line(last.current, point);
          last.current = point;
        }}
        onPointerUp={end}
        onPointerCancel={end}
      />
      <button
        type="button"
        data-testid="predict-clear"
        onClick={() => {
          clear();
          onClear();
        }}
        className="inline-flex h-8 items-center rounded-lg border border-zinc-700 bg-zinc-900 px-3 text-[13px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
      >
        Clear
      </button>
    </div>
  );
}
