import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decideOnStoredChange,
  deletePipelineEntry,
  flushSave,
  formatEdited,
  keepUnsavedEdit,
  isUntouchedBlank,
  newPipeline,
  resolveConflict,
  startLibrary,
  stopLibrary,
  switchPipeline,
  useLibrary,
} from '@/lib/store/library';
import { openIncomingDocument } from '@/lib/store/open-document';
import { blankDocument, usePipeline } from '@/lib/store/pipeline';
import { useTraining } from '@/lib/store/training';
import { useUi } from '@/lib/store/ui';
import { getPipeline, lastOpenKey, listPipelines, localAutosaveKey, memoryRecords, savePipeline, type PipelineRecords } from '@/lib/storage/pipelines';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { memoryStorage } from '../support/storage';

const pipeline = () => usePipeline.getState();
const library = () => useLibrary.getState();

/** The library's work is queued; a save through the queue waits for everything before it. */
const settle = () => flushSave();
describe('decideOnStoredChange', () => {
  it('ignores a save it already has, takes a newer one quietly, and asks when both edited', () => {
    expect(decideOnStoredChange({ loadedRevision: 3, storedRevision: 3, localEdits: true })).toBe('ignore');
    expect(decideOnStoredChange({ loadedRevision: 3, storedRevision: 2, localEdits: false })).toBe('ignore');
    expect(decideOnStoredChange({ loadedRevision: 3, storedRevision: 4, localEdits: false })).toBe('load');
    expect(decideOnStoredChange({ loadedRevision: 3, storedRevision: 4, localEdits: true })).toBe('conflict');
  });
});

describe('formatEdited', () => {
  const now = new Date(2026, 10, 30, 12, 0).getTime();
  it('says how long ago in words a person reads at a glance', () => {
    expect(formatEdited(now - 10_000, now)).toBe('just now');
    expect(formatEdited(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatEdited(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatEdited(new Date(2026, 10, 29, 9, 0).getTime(), now)).toBe('yesterday');
    expect(formatEdited(new Date(2026, 2, 12).getTime(), now)).toBe('12 Mar');
    expect(formatEdited(new Date(2025, 2, 12).getTime(), now)).toBe('12 Mar 2025');
  });
});

describe('isUntouchedBlank', () => {
  it('is true only for a blank pipeline nobody has named or started', () => {
    expect(isUntouchedBlank(blankDocument())).toBe(true);
    expect(isUntouchedBlank({ ...blankDocument(), name: 'Untitled pipeline (3)' })).toBe(true);
    expect(isUntouchedBlank({ ...blankDocument(), name: 'Churn' })).toBe(false);
    expect(isUntouchedBlank(irisMlp)).toBe(false);
  });
});

describe('My pipelines in a tab', () => {
  let records: PipelineRecords;

  beforeEach(() => {
    records = memoryRecords();
    usePipeline.setState({ doc: blankDocument(), past: [], future: [], opened: 0 });
    useTraining.setState({ state: 'idle', leaving: null });
    useUi.setState({ templatesOpen: false, restoreNotice: null, toasts: [] });
  });
  afterEach(() => stopLibrary());

  async function reload() {
    stopLibrary();
    usePipeline.setState({ doc: blankDocument(), past: [], future: [], opened: 0 });
    await startLibrary({ records, storage: null });
  }

  it('a first visit starts one blank pipeline and shows the templates', async () => {
    await startLibrary({ records, storage: null });
    expect(library().entries).toHaveLength(1);
    expect(library().currentId).toBe(library().entries[0].id);
    expect(useUi.getState().templatesOpen).toBe(true);
  });

  it('moves the old autosave in and opens it, without the templates', async () => {
    await startLibrary({ records, storage: memoryStorage({ [localAutosaveKey]: JSON.stringify(digitCnn) }) });
    expect(pipeline().doc).toEqual(digitCnn);
    expect(library().entries.map((e) => e.name)).toEqual([digitCnn.name]);
    expect(useUi.getState().templatesOpen).toBe(false);
  });

  it('an incoming document takes an untouched blank\'s place, and later ones become new entries', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(digitCnn, { origin: 'template' });
    expect(library().entries.map((e) => e.name)).toEqual([digitCnn.name]);
    const first = library().currentId;

    pipeline().updateParams('optimizer', { epochs: 7 });
    await settle();
    await openIncomingDocument(digitCnn, { origin: 'link' });
    expect(pipeline().doc.name).toBe(`${digitCnn.name} (2)`);
    expect(library().currentId).not.toBe(first);
    expect(library().entries).toHaveLength(2);
    // The pipeline open before is in the list, unchanged, edit included.
    const before = await getPipeline(records, first!);
    expect(before?.read.ok && before.read.doc.nodes.find((n) => n.id === 'optimizer')?.params.epochs).toBe(7);
    // The incoming object was copied: edits here never reach it.
    expect(pipeline().doc.nodes).not.toBe(digitCnn.nodes);
    expect(pipeline().doc.nodes[0]).not.toBe(digitCnn.nodes[0]);
  });

  it('keeps each pipeline\'s undo history apart, and reopens the last one after a reload', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    const iris = library().currentId!;
    pipeline().updateParams('optimizer', { epochs: 11 });
    await openIncomingDocument(digitCnn, { origin: 'template' });
    const digit = library().currentId!;
    expect(pipeline().past).toEqual([]);
    pipeline().undo();
    expect(pipeline().doc.name).toBe(digitCnn.name);

    switchPipeline(iris);
    await settle();
    expect(library().currentId).toBe(iris);
    expect(pipeline().doc.nodes.find((n) => n.id === 'optimizer')?.params.epochs).toBe(11);
    pipeline().undo();
    expect(pipeline().doc.nodes.find((n) => n.id === 'optimizer')?.params.epochs).not.toBe(11);
    await settle();

    switchPipeline(digit);
    await settle();
    expect(await records.getMeta(lastOpenKey)).toBe(digit);
    await reload();
    expect(library().currentId).toBe(digit);
    expect(pipeline().doc.name).toBe(digitCnn.name);
    expect(library().entries.map((e) => e.name).sort()).toEqual([digitCnn.name, irisMlp.name]);
  });

  it('switching during a run asks first and switches only when told', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    const iris = library().currentId!;
    newPipeline();
    await settle();
    useTraining.setState({ state: 'training' });
    switchPipeline(iris);
    await settle();
    expect(useTraining.getState().leaving?.target).toBe(irisMlp.name);
    expect(library().currentId).not.toBe(iris);
    useTraining.getState().answerLeave(true);
    await settle();
    expect(library().currentId).toBe(iris);
  });

  it('opening from outside during a run asks first; "keep training" opens nothing and says so', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    useTraining.setState({ state: 'training' });
    const declined = openIncomingDocument(digitCnn, { origin: 'file', fileName: 'digits.pipeline.json' });
    expect(useTraining.getState().leaving?.target).toBe(digitCnn.name);
    useTraining.getState().answerLeave(false);
    await declined;
    expect(pipeline().doc.name).toBe(irisMlp.name);
    expect(library().entries).toHaveLength(1);
  });

  it('a template picked before storage answered opens once, and the templates do not pop up again over it', async () => {
    const starting = startLibrary({ records, storage: null });
    const opening = openIncomingDocument(irisMlp, { origin: 'template' });
    await Promise.all([starting, opening]);
    await settle();
    expect(pipeline().doc.name).toBe(irisMlp.name);
    expect(useUi.getState().templatesOpen).toBe(false);
    expect(library().entries.map((e) => e.name)).toEqual([irisMlp.name]);
  });

  it('stores which pipeline is open before showing it, so a reload at once reopens it', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    await openIncomingDocument(digitCnn, { origin: 'link' });
    // The moment the canvas shows the new pipeline, the record already names it.
    let storedWhenShown: unknown;
    const stop = usePipeline.subscribe((s, before) => {
      if (s.doc.name !== before.doc.name && s.doc.name === irisMlp.name) void records.getMeta(lastOpenKey).then((id) => (storedWhenShown = id));
    });
    const iris = library().entries.find((e) => e.name === irisMlp.name)!.id;
    switchPipeline(iris);
    await settle();
    stop();
    expect(storedWhenShown).toBe(iris);
  });

  it('says what opened in the same words for a link, a file and a template, naming the work kept beside it', async () => {
    await startLibrary({ records, storage: null });
    useUi.setState({ toasts: [] }); // the memory store's "will not be kept" warning
    const toasts = () => useUi.getState().toasts.map((t) => `${t.title} | ${t.detail ?? ''}`);
    // A template picked on a blank canvas replaces it: nothing to say.
    await openIncomingDocument(irisMlp, { origin: 'template' });
    expect(toasts()).toEqual([]);
    await openIncomingDocument(digitCnn, { origin: 'link' });
    expect(toasts().at(-1)).toBe(`Opened “${digitCnn.name}” from a link | It is a new entry in My pipelines; “${irisMlp.name}” is still there.`);
    await openIncomingDocument(irisMlp, { origin: 'file', fileName: 'iris.pipeline.json', note: 'The other 1 file was not opened.' });
    expect(toasts().at(-1)).toBe(
      `Opened “${irisMlp.name} (2)” from “iris.pipeline.json” | It is a new entry in My pipelines; “${digitCnn.name}” is still there. The other 1 file was not opened.`,
    );
    await openIncomingDocument(digitCnn, { origin: 'my-template' });
    expect(toasts().at(-1)).toBe(`Opened “${digitCnn.name} (2)” from a template | It is a new entry in My pipelines; “${irisMlp.name} (2)” is still there.`);
    // One message at a time: each opening replaces the last one's.
    expect(toasts()).toHaveLength(1);
  });

  it('deleting the open pipeline opens the newest other one, or a new blank one', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    const iris = library().currentId!;
    pipeline().updateParams('optimizer', { epochs: 3 });
    await openIncomingDocument(digitCnn, { origin: 'template' });
    deletePipelineEntry(library().currentId!);
    await settle();
    expect(library().currentId).toBe(iris);
    expect(library().entries.map((e) => e.name)).toEqual([irisMlp.name]);
    deletePipelineEntry(iris);
    await settle();
    expect(library().entries.map((e) => e.name)).toEqual([blankDocument().name]);
    expect(pipeline().doc.nodes).toEqual([]);
  });

  it('a save overtaken by another tab stops and warns; "keep mine" makes a copy and leaves theirs', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    await settle();
    const id = library().currentId!;
    const stored = await getPipeline(records, id);
    // Another tab saves its own edit first.
    await savePipeline(records, id, { ...irisMlp, description: 'theirs' }, stored!.revision);
    pipeline().setMeta({ description: 'mine' });
    await settle();
    expect(library().conflict).not.toBeNull();
    expect((await getPipeline(records, id))?.read).toMatchObject({ ok: true, doc: { description: 'theirs' } });

    await resolveConflict('copy');
    expect(library().conflict).toBeNull();
    expect(pipeline().doc).toMatchObject({ description: 'mine', name: `${irisMlp.name} (2)` });
    expect(library().entries.find((e) => e.id === library().currentId)?.name).toBe(`${irisMlp.name} (2)`);
    const all = await listPipelines(records);
    expect(all.map((e) => e.read.ok && e.read.doc.description).sort()).toEqual(['mine', 'theirs']);
  });

  it('switching away from a conflict without choosing keeps this tab\'s version as a copy', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    await settle();
    const id = library().currentId!;
    newPipeline();
    await settle();
    const blankId = library().currentId!;
    switchPipeline(id);
    await settle();
    await savePipeline(records, id, { ...irisMlp, description: 'theirs' }, (await getPipeline(records, id))!.revision);
    pipeline().setMeta({ description: 'mine' });
    await settle();
    expect(library().conflict).not.toBeNull();
    switchPipeline(blankId);
    await settle();
    expect(library().conflict).toBeNull();
    const all = await listPipelines(records);
    expect(all.map((e) => e.read.ok && e.read.doc.description).sort()).toEqual(['', 'mine', 'theirs']);
    expect(all.map((e) => e.name)).toContain(`${irisMlp.name} (2)`);
  });

  it('"load theirs" takes the other tab\'s version as one undoable step', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    await settle();
    const id = library().currentId!;
    await savePipeline(records, id, { ...irisMlp, description: 'theirs' }, (await getPipeline(records, id))!.revision);
    pipeline().setMeta({ description: 'mine' });
    await settle();
    await resolveConflict('theirs');
    expect(pipeline().doc.description).toBe('theirs');
    pipeline().undo();
    expect(pipeline().doc.description).toBe('mine');
    // Bringing mine back is a deliberate edit on top of theirs: it saves.
    await settle();
    expect((await getPipeline(records, id))?.read).toMatchObject({ ok: true, doc: { description: 'mine' } });
  });

  it('an unreadable last pipeline is kept, and the newest readable one opens', async () => {
    await startLibrary({ records, storage: null });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    await settle();
    await records.update('broken', () => ({ id: 'broken', doc: { name: 'Broken one', nodes: 3 }, createdAt: 1, updatedAt: Date.now() + 1000, revision: 1 }));
    await records.setMeta(lastOpenKey, 'broken');
    await reload();
    expect(pipeline().doc.name).toBe(irisMlp.name);
    const broken = library().entries.find((e) => e.id === 'broken');
    expect(broken?.error?.message).toBeTruthy();
    expect(useUi.getState().toasts.some((t) => t.title.includes('Broken one'))).toBe(true);
  });

  it('an edit the database has not got when the page closes is kept and written on the next load', async () => {
    const storage = memoryStorage({});
    await startLibrary({ records, storage });
    await openIncomingDocument(irisMlp, { origin: 'template' });
    await settle();
    pipeline().setMeta({ description: 'typed just before closing' });
    keepUnsavedEdit();
    stopLibrary();
    usePipeline.setState({ doc: blankDocument(), past: [], future: [], opened: 0 });
    await startLibrary({ records, storage });
    expect(pipeline().doc).toMatchObject({ name: irisMlp.name, description: 'typed just before closing' });
    expect(library().entries).toHaveLength(1);
    expect(storage.length).toBe(0);
  });
});
