import { create } from 'zustand';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { NodeNames } from '@/lib/document/node-name';
import { storedDocument } from '@/lib/document/read';
import type { BackendInfo, EpochReport } from '@/lib/engine/protocol';
import type { RunResults } from '@/lib/results/types';
import { failAbandonedRuns, latestPaused, readRun, saveRun } from '@/lib/storage/runs';
import { useLibrary } from '@/lib/store/library';
import { usePipeline } from '@/lib/store/pipeline';
import { useTraining } from '@/lib/store/training';
import { useUi } from '@/lib/store/ui';
import type { BatchPoint, Checkpoint, ModelBundle } from './model';
import { closedMidRun, type RunRecord, type RunStatus } from './record';

/**
 * Every run of a pipeline is kept (lib/storage/runs.ts) as it happens: when it starts, as its
 * epochs complete, when it pauses and when it ends. A page closed mid-run leaves its run as far
 * as it got; a paused run is there to resume after a reload.
 */

/** What of the training store (lib/store/training.ts) a kept run is made of. */
export interface RunSnapshot {
  state: 'idle' | 'training' | 'paused' | 'done' | 'error';
  outcome: 'finished' | 'stopped' | null;
  origin: { name: string; spec: PipelineSpec; startedAt: number; names: NodeNames } | null;
  backend: BackendInfo | null;
  history: EpochReport[];
  points: BatchPoint[];
  progress: { batches: number } | null;
  samples: RunRecord['samples'];
  test: Record<string, number> | null;
  earlyStopping: string | null;
  results: RunResults | null;
  model: ModelBundle | null;
  error: { message: string; hint?: string } | null;
  checkpoint: Checkpoint | null;
}

/** What a run keeps from its start to its end: who it is, and the document it ran. */
export interface RunBase {
  id: string;
  pipelineId: string;
  startedAt: number;
  /** The document as stored (storedDocument), taken when the run started. */
  doc: unknown;
}

export function runStatus(snapshot: Pick<RunSnapshot, 'state' | 'outcome'>): RunStatus {
  switch (snapshot.state) {
    case 'training':
      return 'running';
    case 'paused':
      return 'paused';
    case 'error':
      return 'failed';
    // A run whose pipeline was left mid-run ends as the store clears it (state idle): stopped.
    case 'idle':
      return 'stopped';
    case 'done':
      return snapshot.outcome === 'stopped' ? 'stopped' : 'finished';
  }
}

/** The record of a run as the store shows it now; null before the run knows what it trains. */
export function runRecord(base: RunBase, snapshot: RunSnapshot, now: number): RunRecord | null {
  if (!snapshot.origin) return null;
  const status = runStatus(snapshot);
  const ongoing = status === 'running' || status === 'paused';
  return {
    id: base.id,
    pipelineId: base.pipelineId,
    pipelineName: snapshot.origin.name,
    startedAt: base.startedAt,
    endedAt: ongoing ? null : now,
    status,
    doc: base.doc,
    spec: snapshot.origin.spec,
    names: snapshot.origin.names,
    backend: snapshot.backend,
    history: snapshot.history,
    points: snapshot.points,
    samples: snapshot.samples,
    test: snapshot.test,
    earlyStopping: snapshot.earlyStopping,
    results: snapshot.results,
    error: snapshot.error && { message: snapshot.error.message, ...(snapshot.error.hint !== undefined && { hint: snapshot.error.hint }) },
    // Only a paused run resumes: an ended one must not offer to.
    checkpoint: status === 'paused' ? snapshot.checkpoint : null,
    model: ongoing ? null : snapshot.model,
    ...(snapshot.progress && snapshot.progress.batches > 0 && { batchesPerEpoch: snapshot.progress.batches }),
  };
}

/** Bumped after every write, so the Runs tab reads the list again. */
export const useKeptRuns = create<{ revision: number }>()(() => ({ revision: 0 }));

export function keptRunsChanged(): void {
  useKeptRuns.setState((s) => ({ revision: s.revision + 1 }));
}

/** Between two writes of a training run: an epoch of a tiny model takes a fraction of a second, and a write carries all its batches. */
export const saveEveryMs = 2000;

interface Keeping {
  base: RunBase;
  /** The store as last seen during this run, written as the run's end if the store is cleared. */
  last: RunSnapshot;
  savedAt: number;
  epochs: number;
  timer: ReturnType<typeof setTimeout> | null;
}

let keeping: Keeping | null = null;
/** The run shown by `openRun`: already kept, so it is not written again unless it is resumed. */
let openedId: string | null = null;
/** Writes go one at a time and in order: an older state of a run never lands after a newer one. */
let writes: Promise<void> = Promise.resolve();
let refusedOnce = false;

function enqueue(task: () => Promise<unknown>): Promise<void> {
  // A refusal is said once, in a toast; the error itself is not logged: Next.js reports an error
  // logged to the console as one the page threw.
  writes = writes.then(task).then(keptRunsChanged, () => {
    if (refusedOnce) return;
    refusedOnce = true;
    useUi.getState().toast({
      tone: 'error',
      kind: 'runs-storage',
      title: 'Runs are not being kept',
      detail: 'This browser refused to store the run (storage full or blocked). Training works; download the model before closing the tab.',
    });
  });
  return writes;
}

function write(k: Keeping, snapshot: RunSnapshot) {
  if (k.timer) clearTimeout(k.timer);
  k.timer = null;
  k.savedAt = Date.now();
  k.epochs = snapshot.history.length;
  const record = runRecord(k.base, snapshot, k.savedAt);
  if (record) void enqueue(() => saveRun(record));
}

function snapshotOf(s: RunSnapshot): RunSnapshot {
  const { state, outcome, origin, backend, history, points, progress, samples, test, earlyStopping, results, model, error, checkpoint } = s;
  return { state, outcome, origin, backend, history, points, progress, samples, test, earlyStopping, results, model, error, checkpoint };
}

/**
 * Starts keeping the run `runId` the store now shows: a new run (written at once), or a reopened
 * paused one that was resumed or stopped (its record already holds where it began).
 */
async function begin(runId: string, snapshot: RunSnapshot) {
  let base: RunBase | null = null;
  const reopened = runId === openedId;
  openedId = null;
  if (reopened) {
    const kept = await readRun(runId);
    if (kept?.pipelineId) base = { id: kept.id, pipelineId: kept.pipelineId, startedAt: kept.startedAt, doc: kept.doc };
  } else {
    const pipelineId = useLibrary.getState().currentId;
    // A run before My pipelines opened belongs to no pipeline's history: there is nowhere to list it.
    if (pipelineId) base = { id: runId, pipelineId, startedAt: snapshot.origin?.startedAt ?? Date.now(), doc: storedDocument(usePipeline.getState().doc) };
  }
  if (!base) return;
  const k: Keeping = { base, last: snapshot, savedAt: Date.now(), epochs: snapshot.history.length, timer: null };
  const ended = snapshot.state === 'done' || snapshot.state === 'error';
  // A resumed run stays paused at its checkpoint in storage until its next epoch: a page closed
  // in between reopens it where it can go on from, rather than as a failed run.
  if (!reopened || ended) write(k, useTraining.getState().runId === runId ? snapshotOf(useTraining.getState()) : snapshot);
  if (!ended && useTraining.getState().runId === runId) keeping = k;
}

function onChange(s: RunSnapshot & { runId: string | null }, previous: { runId: string | null; state: RunSnapshot['state'] }) {
  if (keeping && (s.runId !== keeping.base.id || s.state === 'idle')) {
    // The store moved on without this run ending (another pipeline or run opened). A paused run
    // stays as written, paused at its checkpoint, to be resumed later; any other ended there, stopped.
    if (keeping.last.state !== 'paused') write(keeping, { ...keeping.last, state: 'done', outcome: 'stopped', checkpoint: null });
    else if (keeping.timer) clearTimeout(keeping.timer);
    keeping = null;
  }
  const k = keeping;
  if (!k) {
    const started = s.runId && s.state === 'training' && (s.runId !== previous.runId || previous.state !== 'training');
    // A reopened paused run stopped without resuming ends here too.
    const stoppedWhilePaused = s.runId && s.runId === openedId && previous.state === 'paused' && (s.state === 'done' || s.state === 'error');
    if (s.runId && (started || stoppedWhilePaused)) void begin(s.runId, snapshotOf(s));
    else if (s.runId !== previous.runId) openedId = s.state === 'idle' ? null : s.runId;
    return;
  }
  k.last = snapshotOf(s);
  if (s.state === 'training') {
    if (s.history.length === k.epochs) return;
    const wait = k.savedAt + saveEveryMs - Date.now();
    if (wait <= 0) write(k, k.last);
    else
      k.timer ??= setTimeout(() => {
        k.timer = null;
        if (keeping === k) write(k, k.last);
      }, wait);
    return;
  }
  // Paused (with its checkpoint), or ended: written at once. Resuming writes nothing until the
  // next epoch, for the reason given in `begin`.
  if (s.state === 'paused' && previous.state === 'paused') return;
  write(k, k.last);
  if (s.state === 'done' || s.state === 'error') keeping = null;
}

/**
 * Keeps the runs of this page from now on. First, once storage answers, marks the runs a closed
 * page left running as failed; then, each time My pipelines opens a pipeline (the first after the
 * page loads, or another one later), shows that pipeline's latest paused run so Resume continues
 * it. Returns the function that stops keeping.
 */
export function startKeepingRuns(): () => void {
  void enqueue(() => failAbandonedRuns(closedMidRun));
  const stopWatching = useTraining.subscribe(onChange);
  // Looked for once per opening: the pipeline (My pipelines) and its document (the canvas) both
  // opened, so that the training panel has already been cleared for it.
  let shownFor = '';
  const showPausedRun = () => {
    const { ready, currentId } = useLibrary.getState();
    const opening = `${currentId} ${usePipeline.getState().opened}`;
    if (!ready || !currentId || opening === shownFor) return;
    shownFor = opening;
    void writes
      .then(async () => {
        const paused = await latestPaused(currentId);
        const training = useTraining.getState();
        // Not over a run started meanwhile, nor on another pipeline opened meanwhile.
        if (paused && training.state === 'idle' && useLibrary.getState().currentId === currentId) training.openRun(paused);
      })
      // Storage refused (private mode, a full disk): there is no paused run to show, and the
      // toast of enqueue() has already said that runs are not kept.
      .catch(() => undefined);
  };
  showPausedRun();
  const stopShowing = [useLibrary.subscribe(showPausedRun), usePipeline.subscribe(showPausedRun)];
  return () => {
    stopWatching();
    for (const stop of stopShowing) stop();
    if (keeping?.timer) clearTimeout(keeping.timer);
    keeping = null;
    openedId = null;
  };
}
