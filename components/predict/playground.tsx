'use client';

import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Prediction } from '@/lib/engine/protocol';
import type { ExampleInput } from '@/lib/results/types';
import type { ModelBundle } from '@/lib/runs/model';
import type { NodeNames } from '@/lib/document/node-name';
import { playgroundInput, type PlaygroundInput } from '@/lib/predict/form';
import { useTraining, type RunState } from '@/lib/store/training';
import { DrawPad } from './draw-pad';
import { FeatureForm } from './feature-form';
import { PredictionResult, type PredictionStatus } from './prediction-result';

export type Predict = (input: ExampleInput) => Promise<{ ok: true; prediction: Prediction } | { ok: false; problem: string }>;

/** The "Try the model" tab: the shown run's model, asked about a drawing, a form's values or a text. */
export function Playground() {
  const model = useTraining((s) => s.model);
  const state = useTraining((s) => s.state);
  const origin = useTraining((s) => s.origin);
  const runId = useTraining((s) => s.runId);
  const predict = useTraining((s) => s.predict);
  // A new run starts the playground afresh: the old drawing or values were asked of another model.
  return <PlaygroundView key={runId ?? 'none'} model={model} state={state} names={origin?.names ?? {}} predict={predict} />;
}

export function PlaygroundView({ model, state, names, predict }: { model: ModelBundle | null; state: RunState; names: NodeNames; predict: Predict }) {
  const input = useMemo(() => (model ? playgroundInput(model.preprocessing, names) : null), [model, names]);
  if (!model || !input) {
    return (
      <Note testId="predict-empty">
        {state === 'training' || state === 'paused'
          ? 'The model is still training: try it here when the run ends (or stop it to try it as it is).'
          : 'Train the pipeline first: its trained model appears here, to try on your own drawings, values or text.'}
      </Note>
    );
  }
  if (input.mode === 'none') return <Note testId="predict-unavailable">{input.problem}</Note>;
  return <Ask input={input} predict={predict} />;
}

function Ask({ input, predict }: { input: Exclude<PlaygroundInput, { mode: 'none' }>; predict: Predict }) {
  const [status, ask, reset] = usePrediction(predict);
  const intro = {
    draw: 'Draw a digit in the square: the model guesses after each stroke.',
    text: 'Type or paste a text: the model reads it as you type.',
    form: 'Fill in the values the model reads, then Predict.',
  }[input.mode];
  return (
    <div data-testid="playground" data-mode={input.mode} className="space-y-4">
      <p className="text-[13px] text-zinc-400">{intro}</p>
      <div className={`grid gap-8 ${columns[input.mode]}`}>
        <div className="min-w-0">
          {input.mode === 'draw' && <DrawPad shape={input.shape} onDrawn={ask} onClear={reset} />}
          {input.mode === 'text' && <TextBox column={input.column} description={input.description} onText={(text) => (text.trim() ? ask({ kind: 'text', text }) : reset())} />}
          {input.mode === 'form' && <FeatureForm fields={input.fields} onSubmit={ask} />}
        </div>
        <PredictionResult
          status={status}
          idleText={{ draw: 'The prediction appears here once you draw.', text: 'The prediction appears here once you type.', form: 'The prediction appears here.' }[input.mode]}
        />
      </div>
    </div>
  );
}

/** The input beside the result where there is room: the pad at its own size, the text box wider; a form above it (it may have many fields). */
const columns = {
  draw: 'grid-cols-1 md:grid-cols-[280px_minmax(0,1fr)]',
  text: 'grid-cols-1 md:grid-cols-[minmax(0,30rem)_minmax(0,1fr)]',
  form: 'grid-cols-1',
};

/** Asks the model, keeping only the latest answer: a slow answer to an older drawing never replaces a newer one. */
function usePrediction(predict: Predict): [PredictionStatus, (input: ExampleInput) => void, () => void] {
  const [status, setStatus] = useState<PredictionStatus>({ state: 'idle' });
  const latest = useRef(0);
  const ask = useCallback(
    (seen: ExampleInput) => {
      const request = ++latest.current;
      setStatus((s) => ({ state: 'loading', last: s.state === 'done' ? s.answer : s.state === 'loading' ? s.last : undefined }));
      predict(seen).then((answer) => {
        if (request !== latest.current) return;
        setStatus(answer.ok ? { state: 'done', answer: { prediction: answer.prediction, seen } } : { state: 'problem', problem: answer.problem });
      });
    },
    [predict],
  );
  const reset = useCallback(() => {
    latest.current++;
    setStatus({ state: 'idle' });
  }, []);
  return [status, ask, reset];
}

/** Waits this long after the last key before asking: one prediction per pause in typing, not per key. */
const typingPauseMs = 300;

function TextBox({ column, description, onText }: { column: string; description?: string; onText: (text: string) => void }) {
  const [text, setText] = useState('');
  const id = useId();
  const send = useRef(onText);
  send.current = onText;
  const typed = useRef(false);
  useEffect(() => {
    if (!typed.current) return;
    const timer = setTimeout(() => send.current(text), typingPauseMs);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-mono text-[12px] text-zinc-300">
        {column}
      </label>
      <textarea
        id={id}
        data-testid="predict-text"
        value={text}
        rows={8}
        aria-describedby={description ? `${id}-about` : undefined}
        onChange={(e) => {
          typed.current = true;
          setText(e.target.value);
        }}
        className="block w-full resize-y rounded-lg border border-zinc-700 bg-zinc-900 px-3 py-2 text-[13px] text-zinc-100 focus:border-indigo-400 focus:outline-none"
      />
      {description && (
        <p id={`${id}-about`} className="text-[11px] text-zinc-500">
          {description}
        </p>
      )}
    </div>
  );
}

function Note({ testId, children }: { testId: string; children: React.ReactNode }) {
  return (
    <p data-testid={testId} className="max-w-xl text-[13px] text-zinc-400">
      {children}
    </p>
  );
}
