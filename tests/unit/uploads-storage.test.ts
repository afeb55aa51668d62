import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { storedDocument } from '@/lib/document/read';
import type { PipelineDocument } from '@/lib/document/document';
import { forgetDatabase, openDatabase } from '@/lib/storage/db';
import { forgetUnusedUploads, readUpload, saveUpload, unusedUploadGraceMs, uploadsReadBy, type StoredUpload } from '@/lib/storage/uploads';
import { flowersPipeline, readFlowers } from '../support/csv-pipeline';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  forgetDatabase();
});

const day = unusedUploadGraceMs;
const now = 100 * day;

function upload(fingerprint: string, savedAt: number): StoredUpload {
  return { kind: 'csv', fingerprint, file: `${fingerprint}.csv`, bytes: 1000, savedAt, data: readFlowers(), problems: [] };
}

/** The flowers CSV pipeline reading the upload `fingerprint`. */
function readingUpload(fingerprint: string): PipelineDocument {
  const doc = flowersPipeline();
  for (const node of doc.nodes) if ('fingerprint' in node.params) Object.assign(node.params, { fingerprint });
  return doc;
}

describe('uploadsReadBy', () => {
  it('lists the fingerprints a stored document\'s data nodes read, and nothing for what is not a document', () => {
    expect(uploadsReadBy(storedDocument(readingUpload('csv-aaa')))).toEqual(['csv-aaa']);
    for (const raw of [null, 'text', { nodes: 'no' }, { nodes: [null, { params: { fingerprint: '' } }, { params: { fingerprint: 7 } }] }]) {
      expect(uploadsReadBy(raw)).toEqual([]);
    }
  });
});

describe('forgetUnusedUploads', () => {
  it('deletes the old uploads nothing reads, and keeps those a pipeline, template, paused run or open document reads', async () => {
    const old = now - 2 * day;
    for (const fingerprint of ['by-pipeline', 'by-template', 'by-paused-run', 'by-finished-run', 'open-here', 'unused']) {
      await saveUpload(upload(fingerprint, old));
    }
    await saveUpload(upload('unused-but-new', now - day / 2));
    const db = await openDatabase();
    await db.put('pipelines', { id: 'p1', doc: storedDocument(readingUpload('by-pipeline')), createdAt: 1, updatedAt: 1, revision: 1 });
    await db.put('templates', { id: 't1', doc: storedDocument(readingUpload('by-template')), tags: [], createdAt: 1, updatedAt: 1 });
    const run = (id: string, status: 'paused' | 'finished', fingerprint: string) =>
      ({ id, pipelineId: 'p1', startedAt: 1, status, doc: storedDocument(readingUpload(fingerprint)) }) as never;
    await db.put('runs', run('r1', 'paused', 'by-paused-run'));
    await db.put('runs', run('r2', 'finished', 'by-finished-run'));

    const freed = await forgetUnusedUploads(['open-here'], now);
    // A finished run keeps its results and model in its record: its rows are not needed again.
    expect(freed).toEqual({ uploads: 2, bytes: 2000 });
    const kept = await Promise.all(
      ['by-pipeline', 'by-template', 'by-paused-run', 'open-here', 'unused-but-new', 'by-finished-run', 'unused'].map(async (f) => [f, !!(await readUpload(f))]),
    );
    expect(Object.fromEntries(kept)).toEqual({
      'by-pipeline': true,
      'by-template': true,
      'by-paused-run': true,
      'open-here': true,
      'unused-but-new': true,
      'by-finished-run': false,
      unused: false,
    });
  });
});
