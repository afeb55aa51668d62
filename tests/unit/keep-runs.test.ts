import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { storedDocument } from '@/lib/document/read';
import { runRecord, runStatus, startKeepingRuns, type RunBase, type RunSnapshot } from '@/lib/runs/keep-runs';
import { closedMidRun } from '@/lib/runs/record';
import type { RunRecord } from '@/lib/runs/record';
import { forgetDatabase } from '@/lib/storage/db';
import { listRuns, readRun, saveRun } from '@/lib/storage/runs';
import { useLibrary } from '@/lib/store/library';
import { usePipeline } from '@/lib/store/pipeline';
import { useTraining, type TrainingState } from '@/lib/store/training';
import { irisMlp } from '@/lib/templates/iris-mlp';

const compiled = compile(irisMlp);
if (!compiled.ok) throw new Error('the Iris template must compile');
const spec = compiled.spec;
const origin = { name: 'Iris', spec, startedAt: 1000, names: { dense: 'Dense' } };
const checkpoint = {
  epoch: 1,
  batch: 3,
  weights: { specs: [{ name: 'w', shape: [1] }], data: new Float32Array([0.5]).buffer },
  optimizer: { specs: [], data: new ArrayBuffer(0) },
};
const model = {
  modelJson: { modelTopology: {}, weightsManifest: [] },
  weights: new Float32Array([1]).buffer,
  preprocessing: { format: 'pipeline-builder.preprocessing' as const, version: 1 as const, spec, fitted: {} },
};
const epoch = (n: number) => ({ epoch: n, epochs: 3, loss: 1 / n, valLoss: 1.2 / n });

function snapshot(changes: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    state: 'training',
    outcome: null,
    origin,
    backend: null,
    history: [],
    points: [],
    progress: null,
    samples: null,
    test: null,
    earlyStopping: null,
    results: null,
    model: null,
    error: null,
    checkpoint: null,
    ...changes,
  };
}

const base: RunBase = { id: 'run-1', pipelineId: 'p1', startedAt: 1000, doc: { name: 'Iris' } };

describe('a run as a record', () => {
  it('names the status from the store', () => {
    expect(runStatus({ state: 'training', outcome: null })).toBe('running');
    expect(runStatus({ state: 'paused', outcome: null })).toBe('paused');
    expect(runStatus({ state: 'done', outcome: 'finished' })).toBe('finished');
    expect(runStatus({ state: 'done', outcome: 'stopped' })).toBe('stopped');
    expect(runStatus({ state: 'error', outcome: null })).toBe('failed');
  });

  it('keeps a running run open-ended, without a checkpoint or a model', () => {
    const record = runRecord(base, snapshot({ history: [epoch(1)], checkpoint, model }), 5000);
    expect(record).toMatchObject({ id: 'run-1', pipelineId: 'p1', pipelineName: 'Iris', status: 'running', endedAt: null, checkpoint: null, model: null });
    expect(record?.history).toEqual([epoch(1)]);
    expect(record?.spec).toBe(spec);
  });

  it('keeps a paused run’s checkpoint, and its batches per epoch (its samples are known only when it ends)', () => {
    const paused = runRecord(base, snapshot({ state: 'paused', checkpoint, progress: { batches: 120 } }), 5000);
    expect(paused).toMatchObject({ status: 'paused', endedAt: null, checkpoint, batchesPerEpoch: 120, samples: null });
  });

  it('keeps an ended run’s model and error, and when it ended', () => {
    expect(runRecord(base, snapshot({ state: 'done', outcome: 'finished', model, checkpoint }), 5000)).toMatchObject({
      status: 'finished',
      endedAt: 5000,
      model,
      checkpoint: null,
    });
    const failed = runRecord(base, snapshot({ state: 'error', error: { message: 'Diverged', hint: 'Lower the learning rate.' } }), 6000);
    expect(failed).toMatchObject({ status: 'failed', endedAt: 6000, error: { message: 'Diverged', hint: 'Lower the learning rate.' } });
  });

  it('is nothing before the run knows what it trains', () => {
    expect(runRecord(base, snapshot({ origin: null }), 1)).toBeNull();
  });
});

describe('keeping the runs of the page', () => {
  let stop: () => void = () => undefined;
  const initial = useTraining.getState();
  const until = (check: () => Promise<boolean>) => vi.waitFor(async () => expect(await check()).toBe(true), { timeout: 2000, interval: 10 });

  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    forgetDatabase();
    useTraining.setState(initial, true);
    usePipeline.getState().loadDocument(irisMlp);
    useLibrary.setState({ ready: true, currentId: 'p1' });
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  const train = (changes: Partial<TrainingState>) => useTraining.setState(changes);

  it('writes a run when it starts, as its epochs complete (at most every 2 s), when paused and when it ends', async () => {
    stop = startKeepingRuns();
    train({ runId: 'r1', state: 'training', origin, history: [], points: [] });
    await until(async () => (await readRun('r1'))?.status === 'running');
    const kept = await readRun('r1');
    expect(kept).toMatchObject({ pipelineId: 'p1', startedAt: 1000, doc: storedDocument(irisMlp) });

    // An epoch right after the start waits for the 2 s to pass.
    train({ history: [epoch(1)], points: [{ step: 1, epoch: 1, loss: 1 }] });
    await new Promise((r) => setTimeout(r, 50));
    expect((await readRun('r1'))?.history).toEqual([]);
    await until(async () => (await readRun('r1'))?.history.length === 1);

    train({ state: 'paused', checkpoint });
    await until(async () => (await readRun('r1'))?.status === 'paused');
    expect((await readRun('r1'))?.checkpoint?.batch).toBe(3);

    train({ state: 'training', checkpoint: null });
    train({ state: 'done', outcome: 'finished', history: [epoch(1), epoch(2)], model });
    await until(async () => (await readRun('r1'))?.status === 'finished');
    const ended = await readRun('r1');
    expect(ended?.history).toHaveLength(2);
    expect(ended?.model).not.toBeNull();
    expect(ended?.points).toEqual([{ step: 1, epoch: 1, loss: 1 }]);
  }, 10_000);

  it('does not write again a run opened from the history', async () => {
    stop = startKeepingRuns();
    const kept = runRecord(base, snapshot({ state: 'done', outcome: 'finished', history: [epoch(1)] }), 2000) as RunRecord;
    await saveRun(kept);
    train({ runId: 'run-1', state: 'done', outcome: 'finished', origin, history: [epoch(1), epoch(2)] });
    await new Promise((r) => setTimeout(r, 100));
    expect((await readRun('run-1'))?.history).toHaveLength(1);
  });

  it('keeps a reopened paused run paused until it trains on, and ends it when it is stopped instead', async () => {
    const paused = (id: string) => ({ ...(runRecord({ ...base, id }, snapshot({ state: 'paused', checkpoint, history: [epoch(1)] }), 0) as RunRecord) });
    await saveRun(paused('resumed'));
    await saveRun(paused('stopped'));
    stop = startKeepingRuns();

    // As openRun shows it, then Resume.
    train({ runId: 'resumed', state: 'paused', origin, history: [epoch(1)], checkpoint });
    train({ state: 'training' });
    await new Promise((r) => setTimeout(r, 100));
    expect((await readRun('resumed'))?.status).toBe('paused');
    train({ history: [epoch(1), epoch(2)] });
    await until(async () => (await readRun('resumed'))?.status === 'running');
    expect((await readRun('resumed'))?.history).toHaveLength(2);
    train({ state: 'done', outcome: 'finished' });
    await until(async () => (await readRun('resumed'))?.status === 'finished');

    train({ runId: 'stopped', state: 'paused', outcome: null, origin, history: [epoch(1)], checkpoint });
    train({ state: 'done', outcome: 'stopped', checkpoint: null });
    await until(async () => (await readRun('stopped'))?.status === 'stopped');
    expect((await readRun('stopped'))?.checkpoint).toBeNull();
  }, 10_000);

  it('marks a run a closed page left running as failed, and shows the pipeline’s latest paused run', async () => {
    await saveRun({ ...(runRecord(base, snapshot(), 0) as RunRecord), id: 'left' });
    await saveRun({ ...(runRecord(base, snapshot({ state: 'paused', checkpoint }), 0) as RunRecord), id: 'paused', startedAt: 500 });
    await saveRun({ ...(runRecord({ ...base, pipelineId: 'p2' }, snapshot({ state: 'paused', checkpoint }), 0) as RunRecord), id: 'elsewhere' });
    const openRun = vi.fn();
    useTraining.setState({ openRun });
    stop = startKeepingRuns();
    await until(async () => (await readRun('left'))?.status === 'failed');
    expect((await readRun('left'))?.error?.message).toBe(closedMidRun);
    await vi.waitFor(() => expect(openRun).toHaveBeenCalledTimes(1));
    expect(openRun.mock.calls[0][0].id).toBe('paused');
    expect((await listRuns('p1')).map((r) => r.status).sort()).toEqual(['failed', 'paused']);
  });

  it('shows a pipeline’s paused run whenever that pipeline is opened, not only when the page loads', async () => {
    await saveRun({ ...(runRecord({ ...base, pipelineId: 'p2' }, snapshot({ state: 'paused', checkpoint }), 0) as RunRecord), id: 'p2-paused' });
    const openRun = vi.fn();
    useTraining.setState({ openRun });
    stop = startKeepingRuns();
    // p1 (open at load) has no paused run.
    await new Promise((r) => setTimeout(r, 50));
    expect(openRun).not.toHaveBeenCalled();
    useLibrary.setState({ currentId: 'p2' });
    await vi.waitFor(() => expect(openRun).toHaveBeenCalledTimes(1));
    expect(openRun.mock.calls[0][0].id).toBe('p2-paused');
    // Another change of the library (a rename, say) with p2 still open shows it once only.
    useLibrary.setState({ currentId: 'p2', ready: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(openRun).toHaveBeenCalledTimes(1);
  });

  it('ends a run as stopped when another pipeline is opened mid-run', async () => {
    stop = startKeepingRuns();
    train({ runId: 'r2', state: 'training', origin, history: [], points: [] });
    await until(async () => (await readRun('r2'))?.status === 'running');
    train({ runId: null, state: 'idle', origin: null, history: [] });
    await until(async () => (await readRun('r2'))?.status === 'stopped');
  });

  it('leaves a paused run paused when another run is opened over it', async () => {
    stop = startKeepingRuns();
    train({ runId: 'r3', state: 'training', origin, history: [], points: [] });
    train({ state: 'paused', checkpoint });
    await until(async () => (await readRun('r3'))?.status === 'paused');
    train({ runId: 'other', state: 'done', outcome: 'finished', checkpoint: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(await readRun('r3')).toMatchObject({ status: 'paused', checkpoint: { batch: 3 } });
  });
});
