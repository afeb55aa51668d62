'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BackendChoice, backendChoices, type BackendInfo, type EpochReport } from '@/lib/engine/protocol';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { CompileResult } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeNames } from '@/lib/document/node-name';
import { useCompiled } from '@/lib/store/compiled';
import { trainPipeline } from '@/lib/store/train-pipeline';
import { Modal } from '@/components/ui/modal';
import { usePipeline } from '@/lib/store/pipeline';
import { inProgress, useTraining, type RunOrigin } from '@/lib/store/training';
import { useRunDrawer } from '@/lib/store/run-drawer';
import { formatLoss, formatPercent } from '@/components/ui/theme';
import { PauseIcon, PlayIcon, StopIcon } from '@/components/ui/icons';
import { LiveChart, type EpochLine } from './live-chart';
import { chartedMetric, endedHeadline, runMetrics, specChanges, validationWarning } from './run-account';
import { AdviceList } from './advice-list';
import { RunPace } from './run-pace';

const backendLabel: Record<string, string> = { auto: 'Auto', webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU', wasm: 'WASM' };
const trainColor = '#818cf8';
const validationColor = '#34d399';

export function TrainingPanel() {
  const result = useCompiled();
  // Only what the panel's frame shows: the progress (two reports a second) re-renders Progress and RunStatus alone.
  const run = useTraining(
    useShallow((s) => ({
      state: s.state,
      origin: s.origin,
      history: s.history,
      backend: s.backend,
      outcome: s.outcome,
      backendChoice: s.backendChoice,
      setBackendChoice: s.setBackendChoice,
      plannedEpochs: s.progress?.epochs,
    })),
  );
  const errors = result.issues.filter((i) => i.severity === 'error');
  // Paused counts as in progress: the run holds its model and the Train button waits for it.
  const training = inProgress(run.state);
  const doc = usePipeline((s) => s.doc);
  const changes = useMemo(() => runChanges(run.origin, result, doc), [run.origin, result, doc]);

  // A link may ask for a backend (?backend=webgpu), e.g. to compare speeds or for a test.
  useEffect(() => {
    const asked = BackendChoice.safeParse(new URLSearchParams(window.location.search).get('backend'));
    if (asked.success) useTraining.getState().setBackendChoice(asked.data);
  }, []);

  const latest = run.history[run.history.length - 1];
  const epochs = run.plannedEpochs ?? latest?.epochs ?? (result.ok ? result.spec.training.epochs : 0);
  // The run's own spec names its metrics; before a run, the canvas's.
  const panelSpec = run.origin?.spec ?? (result.ok ? result.spec : null);

  return (
    // A container: the panel's own width (not the window's) decides whether both charts fit side by side.
    <section aria-label="Training" data-testid="training-panel" className="@container h-full min-h-0 border-t border-zinc-800 bg-zinc-925">
      <div className="grid h-full min-h-0 grid-cols-[minmax(0,1.45fr)_minmax(0,1fr)] gap-3 p-3 @min-[680px]:grid-cols-[300px_minmax(0,1fr)]">
        {/*
          232 px high: after a run, everything that matters (the result, its warning, the offer to
          train longer, the backend's reason) fits without scrolling; each is one line, its full
          text in a tooltip. The scroll is a fallback for a long error message.
        */}
        <div data-testid="run-column" className="flex min-h-0 min-w-0 flex-col gap-1 overflow-y-auto">
          <div className="flex flex-wrap items-center gap-2">
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
            <RunControls />
            <label className="ml-auto">
              <span className="sr-only">Training backend</span>
              <select
                data-testid="backend-select"
                title="Where training runs: Auto measures this model on each backend and takes the fastest"
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

          {/* The run's links share the status line: the column has no height to spare on a short window. */}
          <div className="flex shrink-0 flex-wrap items-start justify-between gap-x-2 gap-y-0.5">
            <RunStatus />
            {run.state !== 'training' && <RunViews />}
          </div>
          <Recovery />
          {run.origin && <RunOriginLine origin={run.origin} changes={changes} training={training} backend={run.backend} />}
          {/* After a run its result and what to do next come first; during one, how far it is. */}
          {run.state === 'done' && latest && <FinalResult />}
          {run.state === 'done' && <EarlyStoppingLine />}
          {run.origin && (run.state === 'done' || latest) && <MetricTable spec={run.origin.spec} />}
          <AdviceList changes={changes} />
          {training && <Progress />}
          {/* The kept runs are reachable before any run in this page too: after a reload, to reopen one. */}
          {run.state === 'idle' && result.ok && (
            <p className="text-[12px] leading-[1.4] text-zinc-500">
              {result.spec.training.epochs} epochs, batch {result.spec.training.batchSize}, learning rate {result.spec.training.learningRate}.
              Training runs in your browser; nothing is uploaded.
            </p>
          )}
        </div>

        <Charts epochs={epochs} spec={panelSpec} />
      </div>
      <StopRunDialog />
    </section>
  );
}

/** What differs between the run and the canvas: a list (empty when they agree), or null when the canvas does not compile. */
function runChanges(origin: RunOrigin | null, result: CompileResult, doc: PipelineDocument): string[] | null {
  if (!origin) return [];
  return result.ok ? specChanges(origin.spec, result.spec, { ...origin.names, ...nodeNames(doc) }) : null;
}

/** Which pipeline, and which version of it, the run in the panel belongs to; and whether the canvas still matches it. */
/** Which pipeline the run trains and where it runs share one line: the column must fit a 200 px panel. */
function RunOriginLine({
  origin,
  changes,
  training,
  backend,
}: {
  origin: RunOrigin;
  changes: string[] | null;
  training: boolean;
  backend: BackendInfo | null;
}) {
  const started = new Date(origin.startedAt).toLocaleTimeString('en-GB');
  const shown = changes?.slice(0, 3) ?? [];
  const more = (changes?.length ?? 0) - shown.length;
  return (
    <>
      <div className="flex min-w-0 shrink-0 items-center gap-2">
        <p
          data-testid="run-origin"
          data-pipeline={origin.name}
          data-started={origin.startedAt}
          title={`This run trains “${origin.name}” as it was at ${started}.`}
          className="min-w-0 flex-1 truncate text-[11.5px] leading-[1.4] text-zinc-500"
        >
          Run of <span className="font-medium text-zinc-300">{origin.name}</span> as of {started}
        </p>
        {backend && <BackendBadge backend={backend} />}
      </div>
      {(changes === null || changes.length > 0) && (
        // Two lines at most; the whole list in the tooltip, and on focus.
        <p
          data-testid="run-changes"
          role="note"
          tabIndex={0}
          title={[
            changes === null ? 'The pipeline now has problems to fix.' : changes.join('\n'),
            training ? 'The run goes on as it started; the change applies to the next run.' : 'The change applies to the next run.',
          ].join('\n\n')}
          className="line-clamp-2 shrink-0 rounded-md border border-amber-400/30 bg-amber-400/10 px-2 py-0.5 text-[11.5px] leading-[1.4] text-amber-100 focus:line-clamp-none focus:outline-none"
        >
          <span className="font-semibold">Changed since this run started</span>
          {changes === null ? ': the pipeline now has problems to fix.' : `: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`}{' '}
          {training ? 'The run goes on as it started; the change applies to the next run.' : 'The change applies to the next run.'}
        </p>
      )}
    </>
  );
}

/**
 * The loss and one metric of the run, as live charts: every batch (faint, its moving average over
 * it) and each epoch's end, training and validation. The second chart follows the pipeline's usual
 * metric (accuracy, or MAE for a regression) and can show any other metric node instead.
 */
function Charts({ epochs, spec }: { epochs: number; spec: PipelineSpec | null }) {
  const history = useTraining((s) => s.history);
  const latest = history[history.length - 1];
  const metrics = useMemo(() => (spec ? runMetrics(spec, Object.keys(latest?.valMetrics ?? {})) : []), [spec, latest]);
  const usual = chartedMetric(spec, metrics);
  const choices = useMemo(() => [usual, ...metrics.filter((m) => m.name !== usual.name)], [usual, metrics]);
  const [picked, setPicked] = useState<string | null>(null);
  // A pick the shown run does not measure falls back to the usual metric.
  const second = choices.find((m) => m.name === picked) ?? usual;
  // Where the panel is too narrow for two charts side by side, they share one place, behind tabs.
  const [tab, setTab] = useState<'loss' | 'second'>('loss');
  const accuracy = second.name === 'accuracy';
  const valueOf = useMemo(
    () => (accuracy ? (r: EpochReport) => r.valAccuracy : (r: EpochReport) => r.valMetrics?.[second.name]),
    [accuracy, second.name],
  );
  const charted = history.some((r) => valueOf(r) !== undefined || (accuracy && r.accuracy !== undefined));
  const shown = (name: typeof tab) => (tab === name ? 'flex' : 'hidden @min-[680px]:flex');
  const formatValue = second.share ? formatPercent : formatLoss;
  const lossLines = useMemo<EpochLine[]>(
    () => [
      { name: 'train', color: trainColor, value: (r) => r.loss, hiddenWithBatches: true },
      { name: 'validation', color: validationColor, value: (r) => r.valLoss },
    ],
    [],
  );
  const secondLines = useMemo<EpochLine[]>(
    () => [
      // tfjs logs only accuracy on the training batches; every other metric is measured on the validation rows.
      ...(accuracy ? [{ name: 'train', color: trainColor, value: (r: EpochReport) => r.accuracy, hiddenWithBatches: true }] : []),
      { name: 'validation', color: validationColor, value: valueOf },
    ],
    [accuracy, valueOf],
  );
  return (
    <div className="grid min-h-0 min-w-0 grid-rows-[auto_minmax(0,1fr)] gap-2 @min-[680px]:grid-cols-2 @min-[680px]:grid-rows-1 @min-[680px]:gap-3">
      <div role="tablist" aria-label="Charts" className="flex gap-1 @min-[680px]:hidden">
        {(['loss', 'second'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            data-testid={`chart-tab-${name === 'loss' ? 'loss' : second.name}`}
            onClick={() => setTab(name)}
            className="h-6 rounded-md px-2 text-[11.5px] font-medium text-zinc-400 hover:bg-zinc-800 aria-selected:bg-zinc-800 aria-selected:text-zinc-100"
          >
            {name === 'loss' ? 'Loss' : second.label}
          </button>
        ))}
      </div>
      <ChartCard
        className={shown('loss')}
        title="Loss"
        testId="chart-loss"
        readouts={[
          { label: 'train', testId: 'metric-loss', color: trainColor, value: latest?.loss, format: formatLoss },
          { label: 'validation', testId: 'metric-val-loss', color: validationColor, value: latest?.valLoss, format: formatLoss },
        ]}
      >
        <LiveChart
          testId="chart-loss"
          label="Loss per batch and per epoch"
          batchField="loss"
          batchColor={trainColor}
          lines={lossLines}
          epochs={epochs}
          format={(v) => String(Number(v.toFixed(2)))}
        />
      </ChartCard>
      <ChartCard
        className={shown('second')}
        title={
          choices.length > 1 ? (
            <label className="relative inline-flex items-center">
              <span className="sr-only">Metric to chart</span>
              <select
                data-testid="chart-metric-select"
                value={second.name}
                onChange={(e) => setPicked(e.target.value)}
                className="-ml-1 h-6 max-w-[11rem] rounded-md border border-transparent bg-transparent pr-1 pl-1 text-[12.5px] font-semibold text-zinc-200 hover:border-zinc-700 focus:border-indigo-500 focus:outline-none"
              >
                {choices.map((m) => (
                  <option key={m.name} value={m.name} className="bg-zinc-900">
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            second.label
          )
        }
        testId={`chart-${second.name}`}
        readouts={[
          ...(accuracy ? [{ label: 'train', testId: 'metric-accuracy', color: trainColor, value: latest?.accuracy, format: formatPercent }] : []),
          {
            label: 'validation',
            // The metric table names every other metric's value; this test-id is the usual metric's, here.
            testId: second.name === usual.name ? `metric-val-${second.name}` : undefined,
            color: validationColor,
            value: latest && valueOf(latest),
            format: formatValue,
          },
        ]}
        note={history.length > 0 && !charted ? `Add ${accuracy ? 'an Accuracy' : 'an MAE'} metric node to chart ${accuracy ? 'accuracy' : 'it'}.` : undefined}
      >
        <LiveChart
          testId={`chart-${second.name}`}
          label={`${second.label} ${accuracy ? 'per batch and per epoch' : 'per epoch, on the validation rows'}`}
          batchField={accuracy ? 'accuracy' : undefined}
          batchColor={trainColor}
          lines={secondLines}
          epochs={epochs}
          domain={second.share ? [0, 1] : undefined}
          format={second.share ? (v) => `${Math.round(v * 100)}%` : (v) => String(Number(v.toPrecision(2)))}
        />
      </ChartCard>
    </div>
  );
}

/**
 * Every metric of the run, on the validation rows (the latest epoch) and, when the split holds
 * test rows out, on those (measured once, after training). Test-ids: `metric-val-<name>` and
 * `metric-test-<name>` by Keras name; the charted metric's validation value keeps its test-id on
 * the chart's readout, so each test-id names one element.
 */
function MetricTable({ spec }: { spec: PipelineSpec }) {
  const history = useTraining((s) => s.history);
  const test = useTraining((s) => s.test);
  const samples = useTraining((s) => s.samples);
  const latest = history[history.length - 1];
  const validation = latest?.valMetrics ?? {};
  const metrics = useMemo(() => runMetrics(spec, [...Object.keys(validation), ...Object.keys(test ?? {})]), [spec, validation, test]);
  const charted = chartedMetric(spec, metrics).name;
  // A pipeline whose only metric is the charted one has nothing to add to the chart until test rows come.
  if (!test && metrics.every((m) => m.name === charted)) return null;
  const rows = test?.loss !== undefined ? [{ name: 'loss', label: 'Loss', share: false }, ...metrics] : metrics;
  const cell = (value: number | undefined, share: boolean) => (value === undefined ? '–' : share ? formatPercent(value) : formatLoss(value));
  // One column per metric, a row for the validation rows and one for the test rows: five metrics
  // fit the 300 px column without scrolling the panel, which a row per metric did not.
  return (
    <div className="shrink-0 overflow-x-auto">
      <table data-testid="metric-table" className="w-full table-fixed text-[11.5px] leading-[1.45] tabular-nums">
        <thead className="text-[10.5px] text-zinc-500">
          <tr>
            <th className="w-9" />
            {rows.map((m) => (
              <th key={m.name} scope="col" data-metric={m.name} title={m.label} className="truncate pl-1 text-right font-medium">
                {/* "F1 score" as "F1": the column is narrow and the full name is in the tooltip. */}
                {m.label.replace(/ score$/, '')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" className="text-left text-[10.5px] font-normal text-zinc-500" title="On the validation rows, after the latest epoch">
              Val
            </th>
            {rows.map((m) => (
              <td key={m.name} data-testid={m.name === 'loss' || m.name === charted ? undefined : `metric-val-${m.name}`} className="pl-1 text-right font-semibold text-zinc-100">
                {cell(m.name === 'loss' ? latest?.valLoss : validation[m.name], m.share)}
              </td>
            ))}
          </tr>
          {test && (
            <tr>
              <th
                scope="row"
                className="text-left text-[10.5px] font-normal text-zinc-500"
                title={samples ? `Measured once after training, on ${samples.test.toLocaleString('en-US')} test rows` : 'Measured once after training, on the test rows'}
              >
                Test
              </th>
              {rows.map((m) => (
                <td key={m.name} data-testid={`metric-test-${m.name}`} className="pl-1 text-right font-semibold text-zinc-100">
                  {cell(test[m.name], m.share)}
                </td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** What early stopping did, one line; the whole sentence in the tooltip and on focus. */
function EarlyStoppingLine() {
  const earlyStopping = useTraining((s) => s.earlyStopping);
  if (!earlyStopping) return null;
  return (
    <p
      data-testid="early-stopping"
      role="note"
      tabIndex={0}
      title={earlyStopping}
      className="shrink-0 truncate text-[11px] leading-[1.4] text-zinc-400 focus:whitespace-normal focus:outline-none"
    >
      {earlyStopping}
    </p>
  );
}

function RunStatus() {
  // The fields the line reads: a run's batches (four messages a second) leave it alone.
  const run = useTraining(
    useShallow((s) => ({
      state: s.state,
      progress: s.progress,
      message: s.message,
      pausing: s.pausing,
      stopping: s.stopping,
      outcome: s.outcome,
      history: s.history,
      error: s.error,
    })),
  );
  let text: string;
  let dot: string;
  switch (run.state) {
    case 'idle':
      text = 'Not trained yet';
      dot = 'bg-zinc-600';
      break;
    case 'training':
      text = run.progress ? `Training · epoch ${run.progress.epoch} of ${run.progress.epochs}` : run.message || 'Starting…';
      if (run.pausing) text = 'Pausing after this batch…';
      if (run.stopping) text = 'Stopping after this batch…';
      dot = 'bg-indigo-400 animate-pulse';
      break;
    case 'paused':
      text = run.progress
        ? `Paused in epoch ${run.progress.epoch} of ${run.progress.epochs}, after batch ${run.progress.batch} of ${run.progress.batches}`
        : 'Paused';
      if (run.stopping) text = 'Stopping…';
      dot = 'bg-amber-400';
      break;
    case 'done':
      text = endedHeadline(run.outcome ?? 'finished', run.history, run.progress);
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
      className={run.state === 'error' ? 'basis-full rounded-lg border border-red-500/30 bg-red-500/10 px-2.5 py-2' : 'min-w-0 flex-1 basis-32'}
    >
      {/* Never clamped: a cut-off message ("…so the model stoppe…") hides what to do. */}
      <p className={`flex items-start gap-2 text-[12.5px] leading-[1.4] ${run.state === 'error' ? 'text-red-100' : 'text-zinc-300'}`}>
        <span className={`mt-[5px] h-2 w-2 shrink-0 rounded-full ${dot}`} />
        <span className="min-w-0 break-words">{text}</span>
      </p>
      {run.state === 'error' && run.error?.hint && (
        <p className="mt-1 pl-4 text-[11.5px] leading-[1.4] break-words text-red-200/80">{run.error.hint}</p>
      )}
    </div>
  );
}

const formatSeconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

function BackendBadge({ backend }: { backend: BackendInfo }) {
  const estimates = backend.estimates
    ? Object.entries(backend.estimates).map(([name, ms]) => `${backendLabel[name] ?? name} ${formatSeconds(ms)}`)
    : [];
  const title = [backend.why, backend.detail, estimates.length > 0 ? `Estimated whole run: ${estimates.join(', ')}.` : ''].filter(Boolean).join('\n');
  // Amber only when a slow software GPU runs because it was asked for; when measured fastest it is the right choice.
  const warn = backend.software && backend.chosen === 'menu';
  return (
    <p
      data-testid="backend-badge"
      data-backend={backend.name}
      data-software={backend.software}
      data-chosen={backend.chosen}
      data-probe={backend.estimates ? JSON.stringify(backend.estimates) : undefined}
      title={title}
      tabIndex={0}
      className={`max-w-[60%] min-w-0 shrink-0 truncate rounded-md border px-2 py-0.5 text-[11px] leading-[1.4] font-medium focus:whitespace-normal focus:outline-none ${
        warn ? 'border-amber-400/30 bg-amber-400/10 text-amber-200' : 'border-emerald-400/30 bg-emerald-400/10 text-emerald-200'
      }`}
    >
      {backend.why}
    </p>
  );
}

function Progress() {
  const progress = useTraining((s) => s.progress);
  const state = useTraining((s) => s.state);
  const outcome = useTraining((s) => s.outcome);
  if (!progress) {
    return (
      <div data-testid="train-progress" className="h-1.5 shrink-0 overflow-hidden rounded-full bg-zinc-800">
        <div className="h-full w-1/3 animate-pulse rounded-full bg-indigo-500/50" />
      </div>
    );
  }
  const fraction =
    state === 'done' && outcome === 'finished'
      ? 1
      : Math.min(1, (progress.epoch - 1 + (progress.batches > 0 ? progress.batch / progress.batches : 0)) / Math.max(1, progress.epochs));
  return (
    <div data-testid="train-progress" data-epoch={progress.epoch} data-epochs={progress.epochs} data-batch={progress.batch} className="shrink-0">
      <div
        className="h-1.5 overflow-hidden rounded-full bg-zinc-800"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        {/* Scaled, not resized: a transform animates on the compositor, where a width transition
            would lay out and paint the page on every frame of a run. Linear over the half second
            between two progress reports, so the bar moves on steadily between them. */}
        <div className="h-full origin-left rounded-full bg-indigo-500 transition-transform duration-500 ease-linear" style={{ transform: `scaleX(${fraction})` }} />
      </div>
      {/* Once the run has ended, the status line tells where it stopped: one account, not two. */}
      {inProgress(state) && (
        <p className="mt-1 flex justify-between text-[11px] text-zinc-500 tabular-nums">
          <span>
            Epoch {progress.epoch}/{progress.epochs}
          </span>
          <span>
            Batch {progress.batch}/{progress.batches}
          </span>
        </p>
      )}
      {state === 'training' && <RunPace />}
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
  const warning = validation && samples ? validationWarning(samples.validation) : null;
  return (
    <div className="shrink-0 rounded-lg border border-emerald-400/20 bg-emerald-400/5 px-2.5 py-1">
      <div className="flex items-center gap-2.5">
        <span data-testid="final-val-accuracy" className="text-[22px] leading-none font-semibold tracking-tight text-emerald-300 tabular-nums">
          {formatPercent(value)}
        </span>
        <span className="text-[11px] leading-[1.3] text-zinc-400">
          {validation ? 'validation accuracy' : 'training accuracy'}
          {samples && validation && (
            <span className="block text-zinc-500">
              on {samples.validation.toLocaleString('en-US')} held-out sample{samples.validation === 1 ? '' : 's'}
            </span>
          )}
        </span>
      </div>
      {/* One line; the whole warning in the tooltip, and on focus. */}
      {warning && (
        <p
          data-testid="validation-warning"
          role="note"
          tabIndex={0}
          title={warning}
          className="mt-0.5 truncate text-[11px] leading-[1.4] text-amber-200 focus:whitespace-normal focus:outline-none"
        >
          {warning}
        </p>
      )}
    </div>
  );
}

/** Asked before another pipeline replaces the one that is training; Escape and "Keep training" change nothing. */
function StopRunDialog() {
  const leaving = useTraining((s) => s.leaving);
  const origin = useTraining((s) => s.origin);
  const answer = useTraining((s) => s.answerLeave);
  const keep = useRef<HTMLButtonElement>(null);

  if (!leaving) return null;
  return (
    <Modal
      open={Boolean(leaving)}
      onClose={() => answer(false)}
      labelledBy="stop-run-title"
      describedBy="stop-run-text"
      testId="stop-run-dialog"
      role="alertdialog"
      initialFocus={keep}
      className="max-w-[420px] p-5"
    >
      <h2 id="stop-run-title" className="text-[15px] font-semibold text-zinc-50">
        Stop the run in progress?
      </h2>
      <p id="stop-run-text" className="mt-2 text-[13px] leading-[1.5] text-zinc-300">
        A run of {origin?.name ?? 'this pipeline'} is in progress. Stop it and open {leaving.target}?
        <span className="mt-1 block text-zinc-500">Its results so far are discarded. Keep training to leave everything as it is.</span>
      </p>
      <div className="mt-4 flex justify-end gap-2">
        <button
          ref={keep}
          type="button"
          onClick={() => answer(false)}
          className="h-8 rounded-lg border border-zinc-700 bg-zinc-900 px-3 text-[13px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:border-indigo-500 focus-visible:outline-none"
        >
          Keep training
        </button>
        <button
          type="button"
          onClick={() => answer(true)}
          className="h-8 rounded-lg bg-red-500/90 px-3 text-[13px] font-semibold text-white hover:bg-red-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-400"
        >
          Stop and open
        </button>
      </div>
    </Modal>
  );
}

function ChartCard({
  className,
  title,
  testId,
  readouts,
  note,
  children,
}: {
  className: string;
  title: React.ReactNode;
  testId: string;
  readouts: { label: string; testId?: string; color: string; value?: number; format: (v: number) => string }[];
  note?: string;
  children: React.ReactNode;
}) {
  return (
    <div
      data-testid={`${testId}-card`}
      className={`${className} min-h-0 min-w-0 flex-col rounded-xl border border-zinc-800 bg-zinc-900/60 px-3 pt-2.5 pb-1.5`}
    >
      {/* Wraps where the card is narrow, rather than pushing the readouts out of it. */}
      <div className="flex flex-wrap items-start justify-between gap-x-3 gap-y-0.5">
        <h3 className="text-[12.5px] font-semibold text-zinc-200">{title}</h3>
        <dl className="ml-auto flex gap-3">
          {readouts.map((r) => (
            <div key={r.label} className="text-right">
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
      <div className="min-h-0 flex-1">{children}</div>
      {note && <p className="pb-1 text-[11px] text-zinc-500">{note}</p>}
    </div>
  );
}

const secondaryButton =
  'inline-flex h-8 items-center gap-1.5 rounded-lg border border-zinc-700 bg-zinc-900 px-3 text-[13px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none disabled:opacity-60';

/** Pause or Resume, and Stop, while a run is in progress. */
function RunControls() {
  const state = useTraining((s) => s.state);
  const stopping = useTraining((s) => s.stopping);
  const pausing = useTraining((s) => s.pausing);
  const { pause, resume, stop } = useTraining.getState();
  if (!inProgress(state)) return null;
  return (
    <>
      {state === 'paused' ? (
        <button type="button" data-testid="resume-button" onClick={resume} disabled={stopping} className={secondaryButton}>
          <PlayIcon width={12} height={12} />
          Resume
        </button>
      ) : (
        <button
          type="button"
          data-testid="pause-button"
          onClick={pause}
          disabled={stopping || pausing}
          title="Pause after this batch; the run keeps its model and can resume, even after a reload"
          className={secondaryButton}
        >
          <PauseIcon width={12} height={12} />
          {pausing ? 'Pausing…' : 'Pause'}
        </button>
      )}
      <button type="button" data-testid="stop-button" onClick={stop} disabled={stopping} className={secondaryButton}>
        <StopIcon width={12} height={12} />
        {stopping ? 'Stopping…' : 'Stop'}
      </button>
    </>
  );
}

/** After a failure, the way out that fits it: train again, or go on from the last epoch on the CPU. */
function Recovery() {
  const state = useTraining((s) => s.state);
  const error = useTraining((s) => s.error);
  const checkpoint = useTraining((s) => s.checkpoint);
  const origin = useTraining((s) => s.origin);
  if (state !== 'error' || !error || !origin) return null;
  const { retry, resumeOn } = useTraining.getState();
  return (
    <div className="flex shrink-0 flex-wrap gap-2">
      {error.kind === 'device-lost' && checkpoint && (
        <button type="button" data-testid="resume-on-cpu" onClick={() => resumeOn('cpu')} className={secondaryButton}>
          <PlayIcon width={12} height={12} />
          Resume on the CPU from epoch {checkpoint.epoch}
        </button>
      )}
      {(error.kind === 'crashed' || error.kind === 'device-lost' || error.kind === 'failed') && (
        <button type="button" data-testid="retry-button" onClick={retry} className={secondaryButton}>
          Retry
        </button>
      )}
    </div>
  );
}

/** After a run: its results, its model to try (and download, in the drawer), and the pipeline's kept runs. */
function RunViews() {
  const results = useTraining((s) => s.results);
  const model = useTraining((s) => s.model);
  const show = useRunDrawer((s) => s.show);
  const link =
    'h-5 rounded px-1.5 text-[12px] leading-5 font-medium text-indigo-200 hover:bg-indigo-500/10 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none disabled:text-zinc-600 disabled:hover:bg-transparent';
  return (
    <div className="-mr-1.5 flex shrink-0 items-center">
      <button
        type="button"
        data-testid="results-open"
        disabled={!results}
        onClick={() => show('results')}
        title="The run's results on rows it never trained on: metrics, confusion matrix, mistakes"
        className={link}
      >
        Results
      </button>
      <button
        type="button"
        data-testid="predict-open"
        disabled={!model}
        onClick={() => show('predict')}
        title="Try the model: draw a digit, type a text or fill in a row, and see its prediction"
        className={link}
      >
        Try it
      </button>
      <button type="button" data-testid="runs-open" onClick={() => show('runs')} title="Every kept run of this pipeline: reopen, compare, delete" className={link}>
        Runs
      </button>
    </div>
  );
}
