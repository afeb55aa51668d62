import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { documentVersion } from '@/lib/document/document';
import { readDocument } from '@/lib/document/read';
import { forgetDatabase, openDatabase } from '@/lib/storage/db';
import { deleteTemplate, listTemplates, saveTemplate, updateTemplate, type MyTemplate } from '@/lib/storage/templates';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';

const details = (name: string, tags: string[] = []) => ({ name, description: `About ${name}`, tags });

function readable(t: MyTemplate | undefined) {
  if (!t?.ok) throw new Error(`expected a readable template, got ${JSON.stringify(t)}`);
  return t;
}

describe('my templates in IndexedDB', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    forgetDatabase();
  });

  it('saves a copy of the pipeline under the given name, description and tags', async () => {
    const doc = structuredClone(digitCnn);
    const saved = readable(await saveTemplate(doc, details('My digits', ['images', 'cnn']), 1000));
    // The caller's document is untouched: the template is a copy.
    doc.nodes[0].params.changed = true;
    expect(doc.name).toBe(digitCnn.name);

    const [listed] = await listTemplates();
    expect(listed.id).toBe(saved.id);
    const t = readable(listed);
    expect(t.doc.name).toBe('My digits');
    expect(t.doc.description).toBe('About My digits');
    expect(t.doc.nodes).toEqual(digitCnn.nodes);
    expect(t.doc.edges).toEqual(digitCnn.edges);
    expect(t.tags).toEqual(['images', 'cnn']);
    expect(t.createdAt).toBe(1000);
    expect(t.updatedAt).toBe(1000);
    // Stored with its nodes' kind versions, so a later app knows which params migrations to run.
    const stored = await (await openDatabase()).get('templates', saved.id);
    expect(stored?.doc).toMatchObject({ nodeVersions: { 'layer.conv2d': 1, 'data.dataset': 1 } });
  });

  it('opens a template the version 2 app saved as the same pipeline on tables', async () => {
    const v2 = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'golden', 'digit-cnn.doc-v2.pipeline.json'), 'utf8'));
    await (await openDatabase()).put('templates', { id: 'tpl-old', doc: v2, tags: ['old'], createdAt: 500, updatedAt: 500 });
    const t = readable((await listTemplates()).find((x) => x.id === 'tpl-old'));
    const read = readDocument(v2, 'file');
    expect(read.ok && t.doc).toEqual(read.ok && read.doc);
    expect(t.doc.version).toBe(documentVersion);
    expect(compile(t.doc).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('lists the newest first, and a rename does not move a template', async () => {
    const a = await saveTemplate(digitCnn, details('first'), 1000);
    const b = await saveTemplate(irisMlp, details('second'), 2000);
    const c = await saveTemplate(irisMlp, details('third'), 3000);
    expect((await listTemplates()).map((t) => t.id)).toEqual([c.id, b.id, a.id]);

    const renamed = await updateTemplate(a.id, details('first, renamed', ['kept']), 4000);
    expect(renamed.ok).toBe(true);
    const list = await listTemplates();
    expect(list.map((t) => t.id)).toEqual([c.id, b.id, a.id]);
    const t = readable(list[2]);
    expect(t.doc.name).toBe('first, renamed');
    expect(t.doc.description).toBe('About first, renamed');
    expect(t.doc.nodes).toEqual(digitCnn.nodes);
    expect(t.tags).toEqual(['kept']);
    expect(t.createdAt).toBe(1000);
    expect(t.updatedAt).toBe(4000);
  });

  it('deletes one template and leaves the others', async () => {
    const a = await saveTemplate(digitCnn, details('a'), 1000);
    const b = await saveTemplate(irisMlp, details('b'), 2000);
    await deleteTemplate(a.id);
    expect((await listTemplates()).map((t) => t.id)).toEqual([b.id]);
  });

  it('refuses to rename a template that is gone, in plain words', async () => {
    const result = await updateTemplate('tpl-missing', details('x'));
    expect(result).toEqual({ ok: false, reason: 'missing', message: expect.stringMatching(/no longer saved/) });
  });

  it('lists an unreadable entry with its reason beside the good ones, and lets it be deleted', async () => {
    const good = await saveTemplate(irisMlp, details('good'), 2000);
    const db = await openDatabase();
    await db.put('templates', {
      id: 'tpl-broken',
      doc: { version: 1, name: 'Broken one', nodes: 'not a list', edges: [] },
      tags: ['ok', 42, 'ok'] as string[],
      createdAt: 1000,
      updatedAt: 1000,
    });

    const list = await listTemplates();
    expect(list.map((t) => t.id)).toEqual([good.id, 'tpl-broken']);
    const broken = list[1];
    if (broken.ok) throw new Error('expected the broken entry to be unreadable');
    expect(broken.name).toBe('Broken one');
    expect(broken.error.code).toMatch(/^E_/);
    expect(broken.error.message).not.toBe('');
    expect(broken.tags).toEqual(['ok']);

    const rename = await updateTemplate('tpl-broken', details('fixed?'));
    expect(rename).toEqual({ ok: false, reason: 'unreadable', message: expect.stringMatching(/cannot be read/) });

    await deleteTemplate('tpl-broken');
    expect((await listTemplates()).map((t) => t.id)).toEqual([good.id]);
  });

  it('reads a record with no document and odd fields as unreadable, without a name', async () => {
    const db = await openDatabase();
    // What a bug or another version of the app could leave behind.
    await db.put('templates', { id: 'tpl-odd', doc: null, tags: 'x', createdAt: 'yesterday' } as never);
    const [odd] = await listTemplates();
    expect(odd).toMatchObject({ id: 'tpl-odd', ok: false, name: null, tags: [], createdAt: 0, updatedAt: 0 });
  });
});
