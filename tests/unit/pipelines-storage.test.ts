import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { documentVersion } from '@/lib/document/document';
import { readDocument } from '@/lib/document/read';
import { forgetDatabase, openDatabase } from '@/lib/storage/db';
import {
  applyPendingSaves,
  createPipeline,
  deletePipeline,
  distinctName,
  duplicatePipeline,
  getPipeline,
  idbRecords,
  keepPendingSave,
  lastOpenKey,
  listPipelines,
  localAutosaveKey,
  memoryRecords,
  moveLocalAutosave,
  pendingSavePrefix,
  renamePipeline,
  savePipeline,
  type PipelineRecords,
} from '@/lib/storage/pipelines';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { memoryStorage } from '../support/storage';

async function freshDatabase(): Promise<PipelineRecords> {
  globalThis.indexedDB = new IDBFactory();
  forgetDatabase();
  return idbRecords(await openDatabase());
}

describe.each([
  ['IndexedDB', freshDatabase],
  ['memory (no IndexedDB)', async () => memoryRecords()],
])('My pipelines storage over %s', (_, open) => {
  let records: PipelineRecords;
  beforeEach(async () => {
    records = await open();
  });

  it('creates, lists newest first, and reads each document back through readDocument', async () => {
    const iris = await createPipeline(records, irisMlp, 1000);
    const digit = await createPipeline(records, digitCnn, 2000);
    const list = await listPipelines(records);
    expect(list.map((e) => e.id)).toEqual([digit.id, iris.id]);
    expect(list[0].read).toEqual({ ok: true, doc: digitCnn });
    expect(list[0]).toMatchObject({ name: digitCnn.name, revision: 1, createdAt: 2000, updatedAt: 2000 });
    expect(iris.id).not.toBe(digit.id);
  });

  it('keeps what is stored apart from the caller\'s objects', async () => {
    const doc = structuredClone(irisMlp);
    const entry = await createPipeline(records, doc);
    doc.name = 'changed afterwards';
    expect((await getPipeline(records, entry.id))?.name).toBe(irisMlp.name);
  });

  it('saves when the stored revision is the one loaded, and bumps it', async () => {
    const entry = await createPipeline(records, irisMlp, 1000);
    const edited = { ...irisMlp, description: 'edited' };
    expect(await savePipeline(records, entry.id, edited, 1, 5000)).toEqual({ status: 'saved', revision: 2 });
    const stored = await getPipeline(records, entry.id);
    expect(stored).toMatchObject({ revision: 2, createdAt: 1000, updatedAt: 5000 });
    expect(stored?.read).toEqual({ ok: true, doc: edited });
    // Written with its nodes' kind versions, so a later app knows which params migrations to run.
    expect((await records.get(entry.id))?.doc).toMatchObject({ nodeVersions: { 'layer.dense': 1, 'optimizer.adam': 1 } });
  });

  it('refuses to overwrite a newer save from another tab, and says what is stored', async () => {
    const entry = await createPipeline(records, irisMlp);
    await savePipeline(records, entry.id, { ...irisMlp, description: 'tab A' }, 1);
    const stale = await savePipeline(records, entry.id, { ...irisMlp, description: 'tab B' }, 1);
    expect(stale.status).toBe('conflict');
    if (stale.status !== 'conflict') return;
    expect(stale.stored.revision).toBe(2);
    expect(stale.stored.read.ok && stale.stored.read.doc.description).toBe('tab A');
    const stored = await getPipeline(records, entry.id);
    expect(stored?.read.ok && stored.read.doc.description).toBe('tab A');
  });

  it('writes back a pipeline deleted elsewhere while it was open here', async () => {
    const entry = await createPipeline(records, irisMlp);
    await deletePipeline(records, entry.id);
    expect(await getPipeline(records, entry.id)).toBeUndefined();
    expect(await savePipeline(records, entry.id, irisMlp, 1)).toEqual({ status: 'saved', revision: 2 });
    expect((await getPipeline(records, entry.id))?.read.ok).toBe(true);
  });

  it('renames, duplicates under a distinct name, and deletes', async () => {
    const entry = await createPipeline(records, digitCnn, 1000);
    expect(await renamePipeline(records, entry.id, 'Digits for the board', 2000)).toBe(true);
    const renamed = await getPipeline(records, entry.id);
    expect(renamed).toMatchObject({ name: 'Digits for the board', revision: 2, updatedAt: 2000 });

    const copy = await duplicatePipeline(records, entry.id, ['Digits for the board'], 3000);
    expect(copy?.name).toBe('Digits for the board (2)');
    expect(copy?.read.ok && copy.read.doc.nodes).toEqual(digitCnn.nodes);
    expect((await listPipelines(records)).map((e) => e.name)).toEqual(['Digits for the board (2)', 'Digits for the board']);

    await deletePipeline(records, entry.id);
    expect((await listPipelines(records)).map((e) => e.id)).toEqual([copy?.id]);
  });

  it('opens a pipeline the version 2 app saved as the same pipeline on tables, and writes it back at the current version', async () => {
    const v2 = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'golden', 'iris-mlp.doc-v2.pipeline.json'), 'utf8'));
    await records.update('old', () => ({ id: 'old', doc: v2, createdAt: 1000, updatedAt: 1000, revision: 3 }));
    const [entry] = await listPipelines(records);
    expect(entry.read).toEqual(readDocument(v2, 'file'));
    expect(entry.read.ok && compile(entry.read.doc).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(await renamePipeline(records, 'old', 'Iris, renamed', 2000)).toBe(true);
    expect((await records.get('old'))?.doc).toMatchObject({ version: documentVersion, name: 'Iris, renamed' });
    const reopened = await getPipeline(records, 'old');
    expect(reopened?.read.ok && reopened.read.doc.nodes).toEqual(entry.read.ok && entry.read.doc.nodes);
  });

  it('keeps an unreadable entry, lists it with the reason, and never renames or copies it', async () => {
    // Written as a damaged save or an old app would have left them, past createPipeline's types.
    const put = (id: string, doc: unknown, at: number) => records.update(id, () => ({ id, doc, createdAt: at, updatedAt: at, revision: 1 }));
    const bad = { id: 'half' };
    await put(bad.id, { version: 1, name: 'Half a pipeline', nodes: 'oops' }, 1000);
    await put('not-json', '{"not json', 500);
    const list = await listPipelines(records);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ id: bad.id, name: 'Half a pipeline' });
    expect(list[0].read.ok).toBe(false);
    expect(!list[0].read.ok && list[0].read.error.message).toBeTruthy();
    expect(list[1].name).toBe('Unreadable pipeline');
    expect(await renamePipeline(records, bad.id, 'x')).toBe(false);
    expect(await duplicatePipeline(records, bad.id, [])).toBeUndefined();
    expect((await listPipelines(records)).length).toBe(2);
  });

  it('remembers the last open pipeline', async () => {
    expect(await records.getMeta(lastOpenKey)).toBeUndefined();
    await records.setMeta(lastOpenKey, 'abc');
    expect(await records.getMeta(lastOpenKey)).toBe('abc');
  });

  it('moves the old localStorage autosave in once, leaving localStorage as it was', async () => {
    const storage = memoryStorage({
      [localAutosaveKey]: JSON.stringify(digitCnn),
      [`${localAutosaveKey}:unreadable:2026-01-01T00:00:00.000Z`]: '{broken',
    });
    const moved = await moveLocalAutosave(records, storage, 1000);
    expect(moved?.read).toEqual({ ok: true, doc: digitCnn });
    expect(await moveLocalAutosave(records, storage, 2000)).toBeUndefined();
    expect(await listPipelines(records)).toHaveLength(1);
    expect(storage.getItem(localAutosaveKey)).toBe(JSON.stringify(digitCnn));
    expect(storage.getItem(`${localAutosaveKey}:unreadable:2026-01-01T00:00:00.000Z`)).toBe('{broken');
  });

  it('moves an unreadable autosave in as it was, shown as unreadable', async () => {
    const moved = await moveLocalAutosave(records, memoryStorage({ [localAutosaveKey]: '{"version":1,"name":"Mine"' }));
    expect(moved?.read.ok).toBe(false);
    const [entry] = await listPipelines(records);
    expect(entry.read.ok).toBe(false);
    expect((await records.get(entry.id))?.doc).toBe('{"version":1,"name":"Mine"');
  });

  it('with no old autosave, moves nothing and does not look again', async () => {
    const storage = memoryStorage();
    expect(await moveLocalAutosave(records, storage)).toBeUndefined();
    storage.setItem(localAutosaveKey, JSON.stringify(irisMlp));
    expect(await moveLocalAutosave(records, storage)).toBeUndefined();
    expect(await listPipelines(records)).toEqual([]);
  });
});

describe('distinctName', () => {
  it('keeps a free name and numbers a taken one', () => {
    expect(distinctName('Digit CNN', [])).toBe('Digit CNN');
    expect(distinctName('Digit CNN', ['Digit CNN'])).toBe('Digit CNN (2)');
    expect(distinctName('Digit CNN', ['Digit CNN', 'Digit CNN (2)'])).toBe('Digit CNN (3)');
    expect(distinctName('Digit CNN (2)', ['Digit CNN', 'Digit CNN (2)'])).toBe('Digit CNN (3)');
  });
});

describe('the edit kept at page close', () => {
  let records: PipelineRecords;
  beforeEach(async () => {
    records = await freshDatabase();
  });

  it('is written on the next load when nothing was saved since, then forgotten', async () => {
    const entry = await createPipeline(records, irisMlp);
    const storage = memoryStorage();
    keepPendingSave(storage, entry.id, 1, { ...irisMlp, description: 'last keystroke' });
    await applyPendingSaves(records, storage);
    expect(await getPipeline(records, entry.id)).toMatchObject({ revision: 2, read: { ok: true, doc: { description: 'last keystroke' } } });
    expect(storage.length).toBe(0);
  });

  it('already saved: nothing changes; saved differently by another tab: kept as its own entry', async () => {
    const entry = await createPipeline(records, irisMlp);
    const storage = memoryStorage();
    const mine = { ...irisMlp, description: 'mine' };
    keepPendingSave(storage, entry.id, 1, mine);
    await savePipeline(records, entry.id, mine, 1);
    await applyPendingSaves(records, storage);
    expect(await listPipelines(records)).toHaveLength(1);

    keepPendingSave(storage, entry.id, 2, { ...irisMlp, description: 'closing edit' });
    await savePipeline(records, entry.id, { ...irisMlp, description: 'other tab' }, 2);
    await applyPendingSaves(records, storage);
    const list = await listPipelines(records);
    expect(list.map((e) => e.read.ok && e.read.doc.description).sort()).toEqual(['closing edit', 'other tab']);
    expect(list.map((e) => e.name).sort()).toEqual([irisMlp.name, `${irisMlp.name} (2)`]);
  });

  it('leaves a kept edit that cannot be read where it is', async () => {
    const storage = memoryStorage({ [`${pendingSavePrefix}x`]: '{"revision":1,"doc":{"nodes":1}}' });
    await applyPendingSaves(records, storage);
    expect(storage.length).toBe(1);
    expect(await listPipelines(records)).toEqual([]);
  });
});
