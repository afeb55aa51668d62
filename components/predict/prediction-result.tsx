'use client';

import { useMemo } from 'react';
import type { Prediction } from '@/lib/engine/protocol';
import type { ExampleInput } from '@/lib/results/types';
import { formatNumber } from '@/lib/data/stats';
import { formatPercent } from '@/components/ui/theme';
import { ImageSample } from '@/components/preview/samples';

/** Where one prediction stands: nothing asked yet, asked and waiting, answered, or refused in words. */
export type PredictionStatus =
  | { state: 'idle' }
  | { state: 'loading'; last?: Answer }
  | { state: 'done'; answer: Answer }
  | { state: 'problem'; problem: string };

/** An answer with the input it answers, as the model saw it. */
export interface Answer {
  prediction: Prediction;
  seen: ExampleInput;
}

/** The prediction: class probabilities as bars, most likely first, or the predicted numbers; beside it the image the model read. */
export function PredictionResult({ status, idleText }: { status: PredictionStatus; idleText: string }) {
  const answer = status.state === 'done' ? status.answer : status.state === 'loading' ? status.last : undefined;
  return (
    <section
      data-testid="prediction-result"
      data-state={status.state}
      aria-label="Prediction"
      aria-live="polite"
      aria-busy={status.state === 'loading'}
      className="min-w-0 space-y-3"
    >
      {status.state === 'problem' && (
        <p role="alert" className="rounded-lg border border-amber-500/30 bg-amber-500/10 px-3 py-2 text-[13px] text-amber-200">
          {status.problem}
        </p>
      )}
      {status.state === 'idle' && <p className="text-[13px] text-zinc-400">{idleText}</p>}
      {status.state === 'loading' && !answer && <p className="text-[13px] text-zinc-400">Predicting…</p>}
      {answer && (
        <div className={`flex flex-wrap items-start gap-5 transition-opacity ${status.state === 'loading' ? 'opacity-60' : ''}`}>
          {answer.seen.kind === 'image' && <SeenImage image={answer.seen} />}
          <div className="min-w-64 flex-1">
            {answer.prediction.kind === 'classes' ? <ClassBars classes={answer.prediction.classes} /> : <Numbers values={answer.prediction.values} />}
          </div>
        </div>
      )}
    </section>
  );
}

function ClassBars({ classes }: { classes: { name: string; probability: number }[] }) {
  const [top] = classes;
  return (
    <div className="space-y-2">
      <p className="text-[13px] text-zinc-300">
        Most likely <span className="font-mono text-[18px] font-semibold text-zinc-50">{top.name}</span>{' '}
        <span className="text-zinc-400">({formatPercent(top.probability)} sure)</span>
      </p>
      <ul aria-label="Probability of each class" className="max-w-xl space-y-1">
        {classes.map((c, i) => (
          <li
            key={c.name}
            data-testid="prediction-class"
            data-class={c.name}
            data-probability={c.probability}
            className="grid grid-cols-[minmax(3rem,8rem)_minmax(4rem,1fr)_3.75rem] items-center gap-2 text-[12px]"
          >
            <span className="truncate font-mono text-zinc-200" title={c.name}>
              {c.name}
            </span>
            <span className="h-2.5 rounded-sm bg-zinc-800">
              <span
                className={`block h-2.5 rounded-sm ${i === 0 ? 'bg-indigo-400' : 'bg-zinc-500'}`}
                style={{ width: `${Math.max(0, Math.min(1, c.probability)) * 100}%` }}
              />
            </span>
            <span className="text-right text-zinc-400 tabular-nums">{formatPercent(c.probability)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Numbers({ values }: { values: { name: string; value: number }[] }) {
  return (
    <dl className="space-y-1">
      {values.map((v) => (
        <div key={v.name} data-testid="prediction-number" data-name={v.name} data-value={v.value} className="flex items-baseline gap-2">
          <dt className="text-[13px] text-zinc-400">
            Predicted <span className="font-mono text-zinc-200">{v.name}</span>
          </dt>
          <dd className="font-mono text-[20px] font-semibold text-zinc-50 tabular-nums">{formatNumber(v.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The image as the model reads it (a drawing after scaling and centring), big enough to see its pixels. */
function SeenImage({ image }: { image: Extract<ExampleInput, { kind: 'image' }> }) {
  // As a preview's samples, so the preview's own image drawing shows it; pixels are 0-255.
  const samples = useMemo(
    () => ({ name: 'input', column: 0, type: 'image' as const, shape: [image.height, image.width, image.channels], values: Float32Array.from(image.pixels), rows: 1, min: 0, max: 255 }),
    [image],
  );
  return (
    <figure data-testid="prediction-seen" className="space-y-1">
      <ImageSample samples={samples} row={0} size={112} />
      <figcaption className="text-[11px] text-zinc-500">
        What the model sees ({image.width}x{image.height})
      </figcaption>
    </figure>
  );
}
