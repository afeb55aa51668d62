import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { forgetDatabase } from '@/lib/storage/db';
import { listTemplates, saveTemplate } from '@/lib/storage/templates';
import { storageProblem, useMyTemplates } from '@/lib/store/my-templates';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';

const store = () => useMyTemplates.getState();
const details = (name: string) => ({ name, description: '', tags: [] });

describe('the My templates store', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    forgetDatabase();
    useMyTemplates.setState({ status: 'idle', templates: [], error: null });
  });

  it('is loading until the first read, then ready with what is stored', async () => {
    await saveTemplate(irisMlp, details('stored earlier'), 1000);
    const loading = store().load();
    expect(store().status).toBe('loading');
    await loading;
    expect(store().status).toBe('ready');
    expect(store().templates.map((t) => t.ok && t.doc.name)).toEqual(['stored earlier']);
  });

  it('shows a save, rename and delete once stored, and the database agrees', async () => {
    await store().load();
    const saved = await store().save(digitCnn, details('mine'));
    if (!saved.ok) throw new Error(saved.message);
    expect(store().templates.map((t) => t.id)).toEqual([saved.template.id]);

    const renamed = await store().update(saved.template.id, details('renamed'));
    expect(renamed.ok).toBe(true);
    expect(store().templates.map((t) => t.ok && t.doc.name)).toEqual(['renamed']);

    expect(await store().remove(saved.template.id)).toEqual({ ok: true });
    expect(store().templates).toEqual([]);
    expect(await listTemplates()).toEqual([]);
  });

  it('keeps a template saved while the list is being read', async () => {
    const reading = store().load();
    const saved = await store().save(digitCnn, details('saved while reading'));
    await reading;
    if (!saved.ok) throw new Error(saved.message);
    expect(store().templates.map((t) => t.id)).toEqual([saved.template.id]);
  });

  it('says why when the browser refuses its storage', async () => {
    globalThis.indexedDB = {
      open: () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    forgetDatabase();
    await store().load();
    expect(store().status).toBe('error');
    expect(store().error).toMatch(/did not let the app use its storage .*denied permission.*try a normal window/);
    const saved = await store().save(digitCnn, details('x'));
    expect(saved).toEqual({ ok: false, message: expect.stringMatching(/did not let the app use its storage/) });
  });

  it('tells a full storage apart', () => {
    expect(storageProblem(new DOMException('full', 'QuotaExceededError'))).toMatch(/storage for the app is full/);
  });
});
