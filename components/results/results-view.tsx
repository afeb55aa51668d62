'use client';

import { useMemo } from 'react';
import type { RunResults } from '@/lib/results/types';
import type { EpochReport } from '@/lib/engine/protocol';
import type { PipelineSpec } from '@/lib/spec/spec';
import { inProgress, useTraining } from '@/lib/store/training';
import { runMetrics } from '@/components/training/run-account';
import { formatCount, formatLoss, formatPercent } from '@/components/ui/theme';
import { ConfusionMatrix } from './confusion-matrix';
import { NeverPredicted, PerClassTable } from './class-scores';
import { Misclassified } from './misclassified';
import { ForecastChart, RegressionScatter, ResidualHistogram, ResidualSummary } from './regression-charts';

const partWords: Record<RunResults['part'], string> = { validation: 'validation', test: 'test', train: 'training' };

/**
 * The Results tab: how the run's model does on rows it never trained on. Every metric node's value,
 * then, by the kind of model, where a classifier goes wrong (confusion matrix, per-class scores,
 * its surest mistakes) or how far a regression or forecast is off.
 */
export function ResultsView() {
  const state = useTraining((s) => s.state);
  const history = useTraining((s) => s.history);
  const results = useTraining((s) => s.results);
  const origin = useTraining((s) => s.origin);

  // A paused run has no results yet either: they are measured when it ends.
  if (inProgress(state)) return <Empty testId="results-running">Results appear when the run ends.</Empty>;
  if (!origin) return <Empty testId="results-none">Train the pipeline to see how it does on rows it never trained on.</Empty>;
  if (!results) {
    return (
      <Empty testId="results-none">
        {history.length === 0
          ? 'This run ended before its first epoch was complete, so there are no results yet. Train again and let at least one epoch finish.'
          : state === 'error'
            ? 'The run failed before its results were measured: the training panel says what went wrong.'
            : 'This run kept no results. Train again to see them.'}
      </Empty>
    );
  }
  return (
    <div data-testid="results-view" data-kind={results.detail.kind} className="mx-auto max-w-[96rem] space-y-5">
      <RowsLine results={results} />
      <MetricSummary spec={origin.spec} history={history} />
      <Detail results={results} />
    </div>
  );
}

function Empty({ testId, children }: { testId: string; children: React.ReactNode }) {
  return (
    <div data-testid={testId} className="flex h-full min-h-40 items-center justify-center px-6 text-center text-[13px] text-zinc-400">
      <p className="max-w-md leading-[1.5]">{children}</p>
    </div>
  );
}

/** Which rows the charts below come from, and what that means for trusting them. */
function RowsLine({ results }: { results: RunResults }) {
  const part = partWords[results.part];
  return (
    <p data-testid="results-rows" className="text-[13px] leading-[1.5] text-zinc-300">
      <strong className="font-semibold text-zinc-50">
        On {formatCount(results.rows)} {part} row{results.rows === 1 ? '' : 's'}
      </strong>
      {results.part === 'train' ? (
        <span className="text-amber-200">
          {' '}
          — the split holds no rows out, so these are rows the model trained on and it will look better here than on new data. Give the split a
          validation share for an honest picture.
        </span>
      ) : (
        <span className="text-zinc-400"> the model never trained on.</span>
      )}
    </p>
  );
}

/**
 * Every metric node's value on the validation rows (after the last epoch) and on the test rows
 * (measured once after training), named as the canvas names them.
 */
function MetricSummary({ spec, history }: { spec: PipelineSpec; history: EpochReport[] }) {
  const test = useTraining((s) => s.test);
  const samples = useTraining((s) => s.samples);
  const latest = history[history.length - 1];
  const validation = latest?.valMetrics;
  const metrics = useMemo(() => runMetrics(spec, [...Object.keys(validation ?? {}), ...Object.keys(test ?? {})]), [spec, validation, test]);
  const rows = [{ name: 'loss', label: 'Loss', share: false }, ...metrics];
  const format = (value: number | undefined, share: boolean) => (value === undefined ? '–' : share ? formatPercent(value) : formatLoss(value));
  const hasValidation = latest?.valLoss !== undefined;
  return (
    <section aria-labelledby="results-metrics-heading" className="space-y-2">
      <h3 id="results-metrics-heading" className="text-[13px] font-semibold text-zinc-100">
        Metrics
        <span className="ml-2 text-[12px] font-normal text-zinc-500">
          {[
            hasValidation && latest && `validation: after epoch ${latest.epoch}${samples ? `, on ${formatCount(samples.validation)} rows` : ''}`,
            test && `test: measured once after training${samples ? `, on ${formatCount(samples.test)} rows` : ''}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </h3>
      <dl data-testid="results-metrics" className="flex flex-wrap gap-2">
        {rows.map((m) => {
          const value = m.name === 'loss' ? latest?.valLoss : validation?.[m.name];
          return (
            <div key={m.name} className="min-w-32 rounded-lg border border-zinc-800 bg-zinc-900/60 px-3 py-2">
              <dt className="text-[11.5px] text-zinc-400">{m.label}</dt>
              {hasValidation && (
                <dd data-testid={`results-val-${m.name}`} className="text-[18px] leading-6 font-semibold text-zinc-50 tabular-nums">
                  {format(value, m.share)}
                  <span className="ml-1.5 text-[11px] font-normal text-zinc-500">validation</span>
                </dd>
              )}
              {test && (
                <dd data-testid={`results-test-${m.name}`} className={`${hasValidation ? 'text-[12.5px] text-zinc-300' : 'text-[18px] leading-6 font-semibold text-zinc-50'} tabular-nums`}>
                  {format(test[m.name], m.share)}
                  <span className="ml-1.5 text-[11px] font-normal text-zinc-500">test</span>
                </dd>
              )}
              {!hasValidation && !test && <dd className="text-[12px] text-zinc-500">not measured on held-out rows</dd>}
            </div>
          );
        })}
      </dl>
    </section>
  );
}

function Detail({ results }: { results: RunResults }) {
  const { detail } = results;
  if (detail.kind === 'classification') {
    return (
      <>
        <NeverPredicted detail={detail} />
        <section aria-label="Where the model goes wrong" className="grid items-start gap-6 xl:grid-cols-[auto_minmax(0,1fr)]">
          <ConfusionMatrix detail={detail} />
          <PerClassTable detail={detail} />
        </section>
        <Misclassified detail={detail} />
      </>
    );
  }
  if (detail.kind === 'regression') {
    return (
      <section aria-label={`How far off the predictions of ${detail.target} are`} className="flex flex-wrap items-start gap-x-8 gap-y-4">
        <RegressionScatter detail={detail} rows={results.rows} />
        <div className="max-w-[440px] min-w-0 space-y-3">
          <ResidualHistogram detail={detail} />
          <ResidualSummary detail={detail} />
        </div>
      </section>
    );
  }
  return <ForecastChart detail={detail} rows={results.rows} />;
}
