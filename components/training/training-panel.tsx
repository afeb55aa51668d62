'use client';

import { useEffect } from 'react';
import { BackendChoice, backendChoices, type BackendInfo } from '@/lib/engine/protocol';
import { useCompiled } from '@/lib/store/compiled';
import { useTraining } from '@/lib/store/training';
import { trainPipeline } from '@/lib/store/train-pipeline';
import { formatLoss, formatPercent } from '@/components/ui/theme';
import { PlayIcon, StopIcon } from '@/components/ui/icons';
import { LineChart } from './line-chart';

const backendLabel: Record<string, string> = { auto: 'Auto', webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU', wasm: 'WASM' };
const trainColor = '#818cf8';
const validationColor = '#34d399';

export function TrainingPanel() {
  const result = useCompiled();
  const run = useTraining();
  const errors = result.issues.filter((i) => i.severity === 'error');
  const training = run.state === 'training';

  // A link may ask for a backend (?backend=webgpu), e.g. to compare speeds or for a test.
  useEffect(() => {
    const asked = BackendChoice.safeParse(new URLSearchParams(window.location.search).get('backend'));
    if (asked.success) useTraining.getState().setBackendChoice(asked.data);
  }, []);

  const latest = run.history[run.history.length - 1];
  const epochs = run.progress?.epochs ?? latest?.epochs ?? (result.ok ? result.spec.training.epochs : 0);
  const hasAccuracy = run.history.some((r) => r.accuracy !== undefined);

  return (
    <section
      aria-label="Training"
      data-testid="training-panel"
      className="grid h-full min-h-0 grid-cols-[300px_minmax(0,1fr)_minmax(0,1fr)] gap-3 border-t border-zinc-800 bg-zinc-925 p-3"
    >
      <div className="flex min-h-0 min-w-0 flex-col gap-2.5">
        <div className="flex items-center gap-2">
          <button
            type="button"
            data-testid="train-button"
            disabled={!result.ok || training}
            onClick={() => trainPipeline()}
            className="inline-flex h-8 items-center gap-1.5 rounded-lg bg-indigo-500 px-3.5 text-[13px] font-semibold text-white shadow-sm shadow-indigo-950 hover:bg-indigo-400 disabled:cursor-not-allowed disabled:bg-zinc-800 disabled:text-zinc-500 disabled:shadow-none"
          >
            <PlayIcon width={13} height={13} />
            {run.state === 'done' || run.state === 'error' ? 'Train again' : 'Train'}
          </button>
          {training && (
            <button
              type="button"
              data-testid="stop-button"
              onClick={run.stop}
              disabled={run.stopping}
              className="inline-flex h-8 items-center gap-1.5 rounded-lg border border-zinc-700 bg-zinc-900 px-3 text-[13px] font-medium text-zinc-200 hover:bg-zinc-800 disabled:opacity-60"
            >
              <StopIcon width={12} height={12} />
              {run.stopping ? 'Stopping…' : 'Stop'}
            </button>
          )}
          <label className="ml-auto">
            <span className="sr-only">Training backend</span>
            <select
              data-testid="backend-select"
              title="Where training runs: Auto picks WebGPU on a real GPU, else WebGL, else CPU"
              value={run.backendChoice}
              disabled={training}
              onChange={(e) => run.setBackendChoice(BackendChoice.parse(e.target.value))}
              className="h-8 rounded-lg border border-zinc-700 bg-zinc-900 px-2 text-[12.5px] text-zinc-100 focus:border-indigo-500 focus:outline-none disabled:opacity-60"
            >
              {backendChoices.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === 'auto' ? 'Auto backend' : backendLabel[choice]}
                </option>
              ))}
            </select>
          </label>
        </div>

        {!result.ok && !training && (
          <p data-testid="train-disabled-reason" className="line-clamp-2 text-[12px] leading-[1.4] text-amber-200/90" title={errors[0]?.message}>
            Fix {errors.length} problem{errors.length === 1 ? '' : 's'} to train: {errors[0]?.message}
          </p>
        )}

        <RunStatus />
        {run.backend && <BackendBadge backend={run.backend} />}
        {(training || run.progress) && run.state !== 'error' && <Progress />}
        {run.state === 'done' && latest && <FinalResult />}
        {run.state === 'idle' && result.ok && (
          <p className="text-[12px] leading-[1.4] text-zinc-500">
            {result.spec.training.epochs} epochs, batch {result.spec.training.batchSize}, learning rate {result.spec.training.learningRate}.
            Training runs in your browser; nothing is uploaded.
          </p>
        )}
      </div>

      <ChartCard
        title="Loss"
        testId="chart-loss"
        readouts={[
          { label: 'train', testId: 'metric-loss', color: trainColor, value: latest?.loss, format: formatLoss },
          { label: 'validation', testId: 'metric-val-loss', color: validationColor, value: latest?.valLoss, format: formatLoss },
        ]}
        series={[
          { name: 'train', color: trainColor, values: run.history.map((r) => r.loss) },
          { name: 'validation', color: validationColor, values: run.history.map((r) => r.valLoss) },
        ]}
        epochs={epochs}
        format={(v) => String(Number(v.toFixed(2)))}
      />
      <ChartCard
        title="Accuracy"
        testId="chart-accuracy"
        readouts={[
          { label: 'train', testId: 'metric-accuracy', color: trainColor, value: latest?.accuracy, format: formatPercent },
          { label: 'validation', testId: 'metric-val-accuracy', color: validationColor, value: latest?.valAccuracy, format: formatPercent },
        ]}
        series={[
          { name: 'train', color: trainColor, values: run.history.map((r) => r.accuracy) },
          { name: 'validation', color: validationColor, values: run.history.map((r) => r.valAccuracy) },
        ]}
        epochs={epochs}
        domain={[0, 1]}
        format={(v) => `${Math.round(v * 100)}%`}
        note={run.history.length > 0 && !hasAccuracy ? 'Add an Accuracy metric node to chart accuracy.' : undefined}
      />
    </section>
  );
}

function RunStatus() {
  const run = useTraining();
  const latest = run.history[run.history.length - 1];
  let text: string;
  let dot: string;
  switch (run.state) {
    case 'idle':
      text = 'Not trained yet';
      dot = 'bg-zinc-600';
      break;
    case 'training':
      text = run.progress ? `Training · epoch ${run.progress.epoch} of ${run.progress.epochs}` : run.message || 'Starting…';
      if (run.stopping) text = 'Stopping after this batch…';
      dot = 'bg-indigo-400 animate-pulse';
      break;
    case 'done':
      text =
        run.outcome !== 'stopped'
          ? `Finished ${run.history.length} epoch${run.history.length === 1 ? '' : 's'}`
          : run.history.length === 0
            ? 'Stopped before the first epoch finished'
            : `Stopped after ${run.history.length} of ${latest?.epochs ?? run.progress?.epochs ?? run.history.length} epochs`;
      dot = 'bg-emerald-400';
      break;
    case 'error':
      text = run.error?.message ?? 'Training failed.';
      dot = 'bg-red-500';
      break;
  }
  return (
    <div
      data-testid="run-status"
      data-state={run.state}
      role="status"
      className={run.state === 'error' ? 'rounded-lg border border-red-500/30 bg-red-500/10 px-2.5 py-2' : ''}
    >
      <p className={`flex items-start gap-2 text-[12.5px] leading-[1.4] ${run.state === 'error' ? 'text-red-100' : 'text-zinc-300'}`}>
        <span className={`mt-[5px] h-2 w-2 shrink-0 rounded-full ${dot}`} />
        <span className={run.state === 'error' ? 'line-clamp-3' : 'truncate'}>{text}</span>
      </p>
      {run.state === 'error' && run.error?.hint && (
        <p className="mt-1 pl-4 text-[11.5px] leading-[1.4] text-red-200/70">{run.error.hint}</p>
      )}
    </div>
  );
}

function BackendBadge({ backend }: { backend: BackendInfo }) {
  const name = backendLabel[backend.name] ?? backend.name;
  // The engine's detail may already name the backend ("CPU: no graphics acceleration").
  const text = !backend.detail
    ? name
    : backend.detail.toLowerCase().startsWith(name.toLowerCase())
      ? backend.detail
      : `${name} · ${backend.detail}`;
  return (
    <p
      data-testid="backend-badge"
      data-backend={backend.name}
      data-software={backend.software}
      title={backend.software ? 'The GPU is emulated in software: expect it to be slow.' : undefined}
      className={`line-clamp-2 w-fit max-w-full rounded-md border px-2 py-0.5 text-[11.5px] leading-[1.4] font-medium ${
        backend.software ? 'border-amber-400/30 bg-amber-400/10 text-amber-200' : 'border-emerald-400/30 bg-emerald-400/10 text-emerald-200'
      }`}
    >
      {text}
    </p>
  );
}

function Progress() {
  const progress = useTraining((s) => s.progress);
  const state = useTraining((s) => s.state);
  const outcome = useTraining((s) => s.outcome);
  if (!progress) {
    return (
      <div data-testid="train-progress" className="h-1.5 overflow-hidden rounded-full bg-zinc-800">
        <div className="h-full w-1/3 animate-pulse rounded-full bg-indigo-500/50" />
      </div>
    );
  }
  const fraction =
    state === 'done' && outcome === 'finished'
      ? 1
      : Math.min(1, (progress.epoch - 1 + (progress.batches > 0 ? progress.batch / progress.batches : 0)) / Math.max(1, progress.epochs));
  return (
    <div data-testid="train-progress" data-epoch={progress.epoch} data-epochs={progress.epochs}>
      <div
        className="h-1.5 overflow-hidden rounded-full bg-zinc-800"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="h-full rounded-full bg-indigo-500 transition-[width] duration-200" style={{ width: `${fraction * 100}%` }} />
      </div>
      <p className="mt-1 flex justify-between text-[11px] text-zinc-500 tabular-nums">
        <span>
          Epoch {progress.epoch}/{progress.epochs}
        </span>
        <span>
          Batch {progress.batch}/{progress.batches}
        </span>
      </p>
    </div>
  );
}

function FinalResult() {
  const history = useTraining((s) => s.history);
  const samples = useTraining((s) => s.samples);
  const latest = history[history.length - 1];
  const value = latest.valAccuracy ?? latest.accuracy;
  if (value === undefined) return null;
  const validation = latest.valAccuracy !== undefined;
  return (
    <div className="mt-auto flex items-baseline gap-2.5 rounded-lg border border-emerald-400/20 bg-emerald-400/5 px-3 py-2">
      <span data-testid="final-val-accuracy" className="text-[26px] leading-none font-semibold tracking-tight text-emerald-300 tabular-nums">
        {formatPercent(value)}
      </span>
      <span className="text-[11.5px] leading-[1.3] text-zinc-400">
        {validation ? 'validation accuracy' : 'training accuracy'}
        {samples && validation && (
          <span className="block text-zinc-500">on {samples.validation.toLocaleString('en-US')} held-out samples</span>
        )}
      </span>
    </div>
  );
}

function ChartCard({
  title,
  testId,
  readouts,
  series,
  epochs,
  format,
  domain,
  note,
}: {
  title: string;
  testId: string;
  readouts: { label: string; testId: string; color: string; value?: number; format: (v: number) => string }[];
  series: React.ComponentProps<typeof LineChart>['series'];
  epochs: number;
  format: (v: number) => string;
  domain?: [number, number];
  note?: string;
}) {
  return (
    <div className="flex min-h-0 min-w-0 flex-col rounded-xl border border-zinc-800 bg-zinc-900/60 px-3 pt-2.5 pb-1.5">
      <div className="flex items-start justify-between gap-3">
        <h3 className="text-[12.5px] font-semibold text-zinc-200">{title}</h3>
        <dl className="flex gap-4">
          {readouts.map((r) => (
            <div key={r.testId} className="text-right">
              <dt className="flex items-center justify-end gap-1.5 text-[10.5px] text-zinc-500">
                <span className="h-0.5 w-2.5 rounded-full" style={{ background: r.color }} />
                {r.label}
              </dt>
              <dd data-testid={r.testId} className="text-[15px] leading-5 font-semibold text-zinc-100 tabular-nums">
                {r.value === undefined ? '–' : r.format(r.value)}
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="min-h-0 flex-1">
        <LineChart series={series} epochs={epochs} format={format} domain={domain} testId={testId} label={`${title} per epoch`} />
      </div>
      {note && <p className="pb-1 text-[11px] text-zinc-500">{note}</p>}
    </div>
  );
}
