'use client';

import { useEffect, useState } from 'react';
import { LineChart } from '@/components/preview/charts';
import { TrashIcon } from '@/components/ui/icons';
import { keptRunsChanged, useKeptRuns } from '@/lib/runs/keep-runs';
import type { RunRecord, RunStatus } from '@/lib/runs/record';
import { deleteRun, listRuns, saveRun } from '@/lib/storage/runs';
import { formatEdited, useLibrary } from '@/lib/store/library';
import { useRunDrawer } from '@/lib/store/run-drawer';
import { useTraining } from '@/lib/store/training';
import { finalMetric, formatMetric, runLabel } from './compare';
import { RunCompare } from './run-compare';

const statusWords: Record<RunStatus, { label: string; className: string }> = {
  running: { label: 'Training', className: 'bg-indigo-500/15 text-indigo-300' },
  paused: { label: 'Paused', className: 'bg-amber-500/15 text-amber-300' },
  finished: { label: 'Finished', className: 'bg-emerald-500/15 text-emerald-300' },
  stopped: { label: 'Stopped', className: 'bg-zinc-700/50 text-zinc-300' },
  failed: { label: 'Failed', className: 'bg-rose-500/15 text-rose-300' },
};

type Listing = { status: 'loading' } | { status: 'ready'; runs: RunRecord[] } | { status: 'refused' };

/**
 * The open pipeline's kept runs, newest first: open one (its numbers, results and model come
 * back), delete one (with an undo), or pick two and compare them.
 */
export function RunHistory() {
  const pipelineId = useLibrary((s) => s.currentId);
  const revision = useKeptRuns((s) => s.revision);
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<[RunRecord, RunRecord] | null>(null);
  const [deleted, setDeleted] = useState<RunRecord | null>(null);

  useEffect(() => {
    let live = true;
    if (!pipelineId) return;
    listRuns(pipelineId).then(
      (runs) => live && setListing({ status: 'ready', runs }),
      () => live && setListing({ status: 'refused' }),
    );
    return () => {
      live = false;
    };
  }, [pipelineId, revision]);

  if (comparing) return <RunCompare runs={comparing} onBack={() => setComparing(null)} />;
  if (listing.status === 'loading') return <p className="text-[13px] text-zinc-400">Reading the kept runs…</p>;
  if (listing.status === 'refused') {
    return (
      <p className="text-[13px] text-zinc-300">
        This browser is not letting the app keep runs (private browsing, or storage is blocked), so there is no history to show. Training still works.
      </p>
    );
  }
  const { runs } = listing;
  const pickedRuns = picked.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunRecord => r !== undefined);

  const remove = (run: RunRecord) => {
    setPicked((p) => p.filter((id) => id !== run.id));
    setDeleted(run);
    void deleteRun(run.id).then(keptRunsChanged);
  };
  const undo = (run: RunRecord) => {
    setDeleted(null);
    void saveRun(run).then(keptRunsChanged);
  };
  // Picking a third run lets go of the first picked: two are compared.
  const pick = (id: string, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== id), id].slice(-2) : p.filter((x) => x !== id)));

  return (
    <section data-testid="run-history" aria-label="Runs of this pipeline" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-[12px] text-zinc-400">
          Every run of this pipeline is kept in this browser (the last 20, and any paused run). Pick two to compare them.
        </p>
        <button
          type="button"
          data-testid="run-compare"
          disabled={pickedRuns.length !== 2}
          onClick={() => pickedRuns.length === 2 && setComparing([pickedRuns[0], pickedRuns[1]])}
          className="h-8 rounded-md bg-indigo-500 px-3 text-[12px] font-medium text-white hover:bg-indigo-400 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none disabled:cursor-not-allowed disabled:bg-zinc-800 disabled:text-zinc-500"
        >
          {pickedRuns.length === 2 ? 'Compare the 2 picked runs' : `Pick ${2 - pickedRuns.length} more to compare`}
        </button>
      </div>
      {deleted && (
        <div role="status" className="flex items-center justify-between gap-3 rounded-md border border-zinc-700 bg-zinc-900 px-3 py-2 text-[12px] text-zinc-200">
          Deleted the run of {runLabel(deleted)}.
          <button
            type="button"
            data-testid="run-undo-delete"
            onClick={() => undo(deleted)}
            className="rounded px-2 py-0.5 font-medium text-indigo-300 hover:bg-zinc-800 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
          >
            Undo
          </button>
        </div>
      )}
      {runs.length === 0 ? (
        <div data-testid="run-history-empty" className="rounded-lg border border-dashed border-zinc-700 px-4 py-8 text-center text-[13px] text-zinc-400">
          No runs of this pipeline yet. Press Train: each run is kept here with its curves, results and model, to reopen or compare later.
        </div>
      ) : (
        <table className="w-full border-separate border-spacing-0 text-[12px]">
          <thead>
            <tr className="text-left text-[11px] text-zinc-500">
              <th scope="col" className="w-8 pb-1.5 font-normal">
                <span className="sr-only">Pick</span>
              </th>
              <th scope="col" className="pb-1.5 font-normal">Started</th>
              <th scope="col" className="pb-1.5 font-normal">Status</th>
              <th scope="col" className="pb-1.5 font-normal">Epochs</th>
              <th scope="col" className="pb-1.5 font-normal">Result</th>
              <th scope="col" className="pb-1.5 font-normal">Backend</th>
              <th scope="col" className="w-[18%] pb-1.5 font-normal">Loss</th>
              <th scope="col" className="pb-1.5 font-normal">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <RunRow key={run.id} run={run} picked={picked.includes(run.id)} onPick={(on) => pick(run.id, on)} onDelete={() => remove(run)} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RunRow({ run, picked, onPick, onDelete }: { run: RunRecord; picked: boolean; onPick: (on: boolean) => void; onDelete: () => void }) {
  const shownId = useTraining((s) => s.runId);
  const trainingState = useTraining((s) => s.state);
  const shown = shownId === run.id;
  // The run in progress is still being written: deleting it would only bring it back at its next epoch.
  const inProgress = shown && (trainingState === 'training' || trainingState === 'paused');
  const label = runLabel(run);
  const status = statusWords[run.status];
  const final = finalMetric(run);
  const planned = run.history.at(-1)?.epochs;
  const losses = run.history.map((r) => r.valLoss ?? r.loss);
  const open = () => {
    useTraining.getState().openRun(run);
    useRunDrawer.getState().show('results');
  };
  const cell = `border-t border-zinc-800 py-2 pr-3 align-middle ${picked ? 'bg-indigo-500/5' : ''}`;
  return (
    <tr data-testid="run-row" data-run-id={run.id} data-status={run.status} data-shown={shown || undefined}>
      <td className={`${cell} pl-1`}>
        <input
          type="checkbox"
          data-testid="run-pick"
          checked={picked}
          onChange={(e) => onPick(e.target.checked)}
          aria-label={`Pick the run of ${label} to compare`}
          className="h-4 w-4 accent-indigo-500"
        />
      </td>
      <td className={cell}>
        <span className="text-zinc-100" title={new Date(run.startedAt).toLocaleString('en-GB')}>
          {formatEdited(run.startedAt, Date.now())}
        </span>
        <span className="ml-1.5 text-zinc-500">{label}</span>
        {shown && <span className="ml-2 rounded bg-zinc-800 px-1.5 py-0.5 text-[10px] text-zinc-300">in the panel</span>}
      </td>
      <td className={cell}>
        <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium ${status.className}`} title={run.error?.message}>
          {status.label}
        </span>
      </td>
      <td className={`${cell} tabular-nums text-zinc-300`}>
        {run.history.length}
        {planned !== undefined && planned !== run.history.length ? ` of ${planned}` : ''}
      </td>
      <td className={`${cell} tabular-nums`}>
        {final ? (
          <>
            <span className="text-zinc-400">{final.metric.label} </span>
            <span className="text-zinc-100">{formatMetric(final.value, final.metric.share)}</span>
            {final.part === 'train' && <span className="text-zinc-500"> (training rows)</span>}
          </>
        ) : (
          <span className="text-zinc-500">{run.status === 'failed' ? (run.error?.message ?? 'No epoch completed') : 'No epoch completed'}</span>
        )}
      </td>
      <td className={`${cell} text-zinc-300`}>{run.backend ? run.backend.name.toUpperCase() : '–'}</td>
      <td className={cell}>
        {losses.length >= 2 ? (
          <LineChart lines={[{ name: 'loss', x: losses.map((_, i) => i + 1), y: losses }]} label={`Loss over ${losses.length} epochs`} height={24} legend={false} />
        ) : (
          <span className="text-zinc-600">–</span>
        )}
      </td>
      <td className={`${cell} whitespace-nowrap text-right`}>
        <button
          type="button"
          data-testid="run-open"
          onClick={open}
          disabled={trainingState === 'training' || shown}
          title={trainingState === 'training' ? 'Pause or stop the run in progress to open another' : shown ? 'This run is in the panel' : undefined}
          className="h-7 rounded-md border border-zinc-700 px-2.5 text-[12px] text-zinc-100 hover:bg-zinc-800 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none disabled:cursor-not-allowed disabled:text-zinc-500"
        >
          Open
        </button>
        <button
          type="button"
          data-testid="run-delete"
          onClick={onDelete}
          disabled={inProgress}
          aria-label={`Delete the run of ${label}`}
          title={inProgress ? 'This run is in progress' : 'Delete this run'}
          className="ml-1.5 inline-flex h-7 w-7 items-center justify-center rounded-md text-zinc-400 hover:bg-zinc-800 hover:text-rose-300 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-40"
        >
          <TrashIcon className="h-4 w-4" aria-hidden />
        </button>
      </td>
    </tr>
  );
}
