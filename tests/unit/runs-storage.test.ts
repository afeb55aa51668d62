import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { storedDocument } from '@/lib/document/read';
import type { RunRecord } from '@/lib/runs/record';
import { forgetDatabase, openDatabase } from '@/lib/storage/db';
import { deleteRun, failAbandonedRuns, latestPaused, listRuns, readRun, runsKeptPerPipeline, saveRun } from '@/lib/storage/runs';
import { irisMlp } from '@/lib/templates/iris-mlp';

const compiled = compile(irisMlp);
if (!compiled.ok) throw new Error('the Iris template must compile');
const spec = compiled.spec;

function run(id: string, startedAt: number, changes: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    pipelineId: 'p1',
    pipelineName: 'Iris',
    startedAt,
    endedAt: startedAt + 1000,
    status: 'finished',
    doc: storedDocument(irisMlp),
    spec,
    names: { dense: 'Dense' },
    backend: null,
    history: [{ epoch: 1, epochs: 1, loss: 0.9, valLoss: 1.1, valAccuracy: 0.6 }],
    points: [{ step: 1, epoch: 1, loss: 0.9 }],
    samples: { train: 120, validation: 30, test: 0 },
    test: null,
    earlyStopping: null,
    results: null,
    error: null,
    checkpoint: null,
    model: null,
    ...changes,
  };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  forgetDatabase();
});

describe('kept runs', () => {
  it('reads back what was saved, weights included', async () => {
    const weights = new Float32Array([1, 2, 3]).buffer;
    const model = {
      modelJson: { modelTopology: {}, weightsManifest: [] },
      weights,
      preprocessing: { format: 'pipeline-builder.preprocessing' as const, version: 1 as const, spec, fitted: {} },
    };
    await saveRun(run('a', 1, { model }));
    const back = await readRun('a');
    expect(back?.history).toEqual(run('a', 1).history);
    expect([...new Float32Array(back!.model!.weights)]).toEqual([1, 2, 3]);
    expect(await readRun('missing')).toBeNull();
  });

  it('lists a pipeline’s runs newest first, and only that pipeline’s', async () => {
    await saveRun(run('old', 100));
    await saveRun(run('new', 300));
    await saveRun(run('middle', 200));
    await saveRun(run('other', 400, { pipelineId: 'p2' }));
    expect((await listRuns('p1')).map((r) => r.id)).toEqual(['new', 'middle', 'old']);
    expect((await listRuns('p2')).map((r) => r.id)).toEqual(['other']);
  });

  it('saving a run again updates it in place', async () => {
    await saveRun(run('a', 1, { status: 'running', endedAt: null }));
    await saveRun(run('a', 1, { status: 'finished' }));
    expect((await listRuns('p1')).map((r) => [r.id, r.status])).toEqual([['a', 'finished']]);
  });

  it('skips a record it cannot read instead of failing the list', async () => {
    await saveRun(run('good', 1));
    const db = await openDatabase();
    await db.put('runs', { ...run('broken', 2), history: 'not a history' } as unknown as RunRecord);
    expect((await listRuns('p1')).map((r) => r.id)).toEqual(['good']);
    expect(await readRun('broken')).toBeNull();
  });

  it(`keeps the newest ${runsKeptPerPipeline} runs of a pipeline, and every paused one`, async () => {
    await saveRun(run('paused-early', 0, { status: 'paused', endedAt: null }));
    for (let i = 1; i <= runsKeptPerPipeline + 2; i++) await saveRun(run(`r${i}`, i * 10));
    await saveRun(run('elsewhere', 5, { pipelineId: 'p2' }));
    const ids = (await listRuns('p1')).map((r) => r.id);
    expect(ids).toHaveLength(runsKeptPerPipeline + 1);
    expect(ids).toContain('paused-early');
    expect(ids).not.toContain('r1');
    expect(ids).not.toContain('r2');
    expect(ids).toContain('r3');
    expect((await listRuns('p2')).map((r) => r.id)).toEqual(['elsewhere']);
  });

  it('deletes a run', async () => {
    await saveRun(run('a', 1));
    await saveRun(run('b', 2));
    await deleteRun('a');
    expect((await listRuns('p1')).map((r) => r.id)).toEqual(['b']);
  });

  it('finds the pipeline’s latest paused run', async () => {
    expect(await latestPaused('p1')).toBeNull();
    await saveRun(run('paused-old', 1, { status: 'paused', endedAt: null }));
    await saveRun(run('paused-new', 2, { status: 'paused', endedAt: null }));
    await saveRun(run('finished-newer', 3));
    await saveRun(run('paused-elsewhere', 4, { pipelineId: 'p2', status: 'paused', endedAt: null }));
    expect((await latestPaused('p1'))?.id).toBe('paused-new');
  });

  it('marks runs a closed page left running as failed, and nothing else', async () => {
    await saveRun(run('left', 1, { status: 'running', endedAt: null }));
    await saveRun(run('done', 2));
    await saveRun(run('paused', 3, { status: 'paused', endedAt: null }));
    expect(await failAbandonedRuns('The page was closed during this run.', 99)).toBe(1);
    const left = await readRun('left');
    expect(left).toMatchObject({ status: 'failed', endedAt: 99, error: { message: 'The page was closed during this run.' } });
    expect((await readRun('done'))?.status).toBe('finished');
    expect((await readRun('paused'))?.status).toBe('paused');
  });
});
