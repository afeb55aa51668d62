import { create } from 'zustand';
import type { PipelineDocument } from '@/lib/document/document';
import type { DocumentError } from '@/lib/document/read';
import { decodeLink, hasLinkPayload } from '@/lib/share/link';
import { openDatabase } from '@/lib/storage/db';
import { forgetUnusedUploads, uploadsReadBy } from '@/lib/storage/uploads';
import {
  applyPendingSaves,
  createPipeline,
  deletePipeline,
  dropPendingSave,
  distinctName,
  duplicatePipeline,
  getPipeline,
  idbRecords,
  keepPendingSave,
  lastOpenKey,
  listPipelines,
  memoryRecords,
  moveLocalAutosave,
  renamePipeline,
  savePipeline,
  type PipelineEntry,
  type PipelineRecords,
} from '@/lib/storage/pipelines';
import { blankDocument, usePipeline } from './pipeline';
import { useTraining } from './training';
import { useOpenError } from './open-error';
import { useUi } from './ui';

/**
 * My pipelines at run time: which one is open, its autosave, the list, and the other tabs. The
 * storage itself is lib/storage/pipelines.ts; this module decides what the open tab does.
 *
 * Undo history is per pipeline and lives for the session: switching away keeps the pipeline's
 * past and future in memory, switching back restores them, so Ctrl+Z never crosses pipelines.
 */

export interface PipelineSummary {
  id: string;
  name: string;
  updatedAt: number;
  /** Why the stored document cannot be opened; null when it can. */
  error: DocumentError | null;
}

export interface LibraryState {
  ready: boolean;
  /** False when the browser refuses storage: pipelines last only as long as the page. */
  persistent: boolean;
  entries: PipelineSummary[];
  currentId: string | null;
  /** Another tab saved the open pipeline while this one had unsaved edits. */
  conflict: { name: string } | null;
}

export const useLibrary = create<LibraryState>()(() => ({
  ready: false,
  persistent: true,
  entries: [],
  currentId: null,
  conflict: null,
}));

export type StoredChangeDecision = 'ignore' | 'load' | 'conflict';

/**
 * What a tab does when the pipeline it has open was saved elsewhere: nothing if it already has
 * that save, take it quietly if it has no edits of its own since, else ask the person.
 */
export function decideOnStoredChange(input: { loadedRevision: number; storedRevision: number; localEdits: boolean }): StoredChangeDecision {
  if (input.storedRevision <= input.loadedRevision) return 'ignore';
  return input.localEdits ? 'conflict' : 'load';
}

/** A pipeline nobody has started on: opening something else may take its place in the list. */
export function isUntouchedBlank(doc: PipelineDocument): boolean {
  const blankName = blankDocument().name;
  return doc.nodes.length === 0 && doc.edges.length === 0 && doc.description === '' && doc.name.replace(/ \(\d+\)$/, '') === blankName;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", "12 Mar", "12 Mar 2025". */
export function formatEdited(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  const day = (t: number) => {
    const d = new Date(t);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  };
  if (Math.round((day(now) - day(at)) / 86_400_000) === 1) return 'yesterday';
  const date = new Date(at);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(!sameYear && { year: 'numeric' }) });
}

// ---- the open pipeline ----

let records: PipelineRecords = memoryRecords();
let storage: Storage | null = null;
/** The pipeline on the canvas: its id, the stored revision it was loaded at, and the document last saved. */
let open: { id: string; revision: number; saved: PipelineDocument } | null = null;
const sessions = new Map<string, { past: PipelineDocument[]; future: PipelineDocument[] }>();
let channel: BroadcastChannel | null = null;

/** Storage work runs one task at a time, so a save never races a switch or another save. */
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task);
  queue = run.catch((error) => {
    console.error(error);
    useUi.getState().toast({
      tone: 'error',
      kind: 'storage',
      title: 'Could not update My pipelines',
      detail: 'This browser refused to read or write its storage. Your work is still on the canvas; reload the page to try again.',
    });
  });
  return run;
}

type Message = { type: 'saved'; id: string; revision: number } | { type: 'changed' };

function broadcast(message: Message) {
  channel?.postMessage(message);
}

async function refreshList(): Promise<PipelineEntry[]> {
  const list = await listPipelines(records);
  useLibrary.setState({
    entries: list.map((e) => ({ id: e.id, name: e.name, updatedAt: e.updatedAt, error: e.read.ok ? null : e.read.error })),
    currentId: open?.id ?? null,
  });
  return list;
}

function names(exceptId?: string): string[] {
  return useLibrary
    .getState()
    .entries.filter((e) => e.id !== exceptId)
    .map((e) => e.name);
}

async function saveNow(): Promise<void> {
  if (!open || useLibrary.getState().conflict) return;
  const doc = usePipeline.getState().doc;
  if (doc === open.saved) return;
  const { id } = open;
  const result = await savePipeline(records, id, doc, open.revision);
  if (result.status === 'saved') {
    open = { id, revision: result.revision, saved: doc };
    dropPendingSave(storage, id);
    broadcast({ type: 'saved', id, revision: result.revision });
    await refreshList();
  } else {
    // Another tab saved first; its message may still be on the way. Nothing of either is lost.
    useLibrary.setState({ conflict: { name: doc.name } });
  }
}

/** Writes the open pipeline now if it has unsaved edits (the autosave and tests call it). */
export function flushSave(): Promise<void> {
  return serial(saveNow);
}

/**
 * On page close: the database cannot be waited for, so an edit not yet saved is kept in
 * localStorage and written on the next load (see applyPendingSaves). During a two-tabs conflict
 * this keeps this tab's version as its own entry.
 */
export function keepUnsavedEdit(): void {
  const doc = usePipeline.getState().doc;
  if (open && doc !== open.saved) keepPendingSave(storage, open.id, open.revision, doc);
}

/** Takes a version saved elsewhere as one undoable step: the edits it replaces stay in the history. */
function adopt(entry: PipelineEntry) {
  if (!entry.read.ok) return;
  open = { id: entry.id, revision: entry.revision, saved: entry.read.doc };
  const doc = entry.read.doc;
  usePipeline.getState().commit(() => doc);
}

async function show(entry: PipelineEntry): Promise<void> {
  if (!entry.read.ok) return;
  if (open) {
    const { past, future } = usePipeline.getState();
    // Leaving during a two-tabs conflict without choosing: this tab's version is kept, as a copy.
    const left = useLibrary.getState().conflict ? await keepMineAsCopy() : (await saveNow(), open);
    sessions.set(left.id, { past, future });
  }
  open = { id: entry.id, revision: entry.revision, saved: entry.read.doc };
  // The list is up to date before the canvas changes, so it never shows the old one as open;
  // and so is the stored "open last", so a reload right after the switch reopens this one.
  await refreshList();
  await records.setMeta(lastOpenKey, entry.id);
  usePipeline.getState().showPipeline(entry.read.doc, sessions.get(entry.id) ?? { past: [], future: [] });
  useLibrary.setState({ conflict: null });
  useUi.getState().requestFitView();
}

async function createAndShow(doc: PipelineDocument): Promise<void> {
  const entry = await createPipeline(records, { ...doc, name: distinctName(doc.name, names()) });
  await show(entry);
  broadcast({ type: 'changed' });
}

/** The name a confirmation uses for a pipeline in the list. */
function nameOf(id: string): string {
  return useLibrary.getState().entries.find((e) => e.id === id)?.name ?? 'another pipeline';
}

export function switchPipeline(id: string): void {
  if (id === open?.id) return;
  // A run belongs to the pipeline it trains: leaving it asks first, as opening a template does.
  useTraining.getState().confirmLeave(nameOf(id), () => {
    void serial(async () => {
      const entry = await getPipeline(records, id);
      if (entry?.read.ok) return show(entry);
      useUi.getState().toast({
        tone: 'error',
        title: entry ? 'This pipeline cannot be opened' : 'This pipeline is gone',
        detail: entry && !entry.read.ok ? `${entry.read.error.message} ${entry.read.error.hint}` : 'It was deleted in another tab.',
      });
      await refreshList();
    });
  });
}

export function newPipeline(): void {
  useTraining.getState().confirmLeave('a new pipeline', () => {
    void serial(() => createAndShow(blankDocument()));
  });
}

export function renamePipelineEntry(id: string, name: string): void {
  const trimmed = name.trim().slice(0, 200);
  if (!trimmed) return;
  // The open one is renamed through its document, as the name field does: undoable, then autosaved.
  if (id === open?.id) {
    usePipeline.getState().setMeta({ name: trimmed });
    usePipeline.getState().breakCoalescing();
    return;
  }
  void serial(async () => {
    await renamePipeline(records, id, trimmed);
    await refreshList();
    broadcast({ type: 'changed' });
  });
}

export function duplicatePipelineEntry(id: string): Promise<void> {
  return serial(async () => {
    if (id === open?.id) await saveNow();
    const copy = await duplicatePipeline(records, id, names());
    await refreshList();
    broadcast({ type: 'changed' });
    if (copy) useUi.getState().toast({ tone: 'info', kind: 'pipelines', title: `Made a copy: “${copy.name}”` });
  });
}

/** Deletes an entry (the list asks first). Deleting the open one opens the newest other one, or a blank one. */
export function deletePipelineEntry(id: string): void {
  const remove = async () => {
    const wasOpen = id === open?.id;
    if (wasOpen) open = null;
    sessions.delete(id);
    await deletePipeline(records, id);
    const list = await refreshList();
    broadcast({ type: 'changed' });
    if (!wasOpen) return;
    const next = list.find((e) => e.read.ok);
    if (next) await show(next);
    else await createAndShow(blankDocument());
  };
  if (id === open?.id) useTraining.getState().confirmLeave(nameOf(id), () => void serial(remove));
  else void serial(remove);
}

/**
 * Opens a document from outside (a link, a file, a template) as a new entry; what was open stays
 * in the list unchanged. An untouched blank pipeline is not work: the document takes its place,
 * as one undoable step. A name already in the list gets a number: "Digit CNN (2)". Resolves with
 * the document as opened and the name of the pipeline kept in the list beside it (null when a
 * blank one was replaced), or null when the person chose to keep a run going instead.
 */
export function openIncoming(doc: PipelineDocument): Promise<{ doc: PipelineDocument; kept: string | null } | null> {
  return new Promise((resolve) => {
    let proceeding = false;
    useTraining.getState().confirmLeave(doc.name, () => {
      proceeding = true;
      void serial(async () => {
        await saveNow();
        const current = open;
        const before = usePipeline.getState().doc;
        if (current && isUntouchedBlank(before)) {
          const named = { ...structuredClone(doc), name: distinctName(doc.name, names(current.id)) };
          usePipeline.getState().loadDocument(named);
          await saveNow();
          useUi.getState().requestFitView();
          resolve({ doc: usePipeline.getState().doc, kept: null });
        } else {
          await createAndShow(structuredClone(doc));
          resolve({ doc: usePipeline.getState().doc, kept: current ? before.name : null });
        }
      });
    });
    if (proceeding || !useTraining.getState().leaving) return;
    // Asked first: "Keep training" answers without opening anything.
    const stop = useTraining.subscribe((state) => {
      if (state.leaving) return;
      stop();
      if (!proceeding) resolve(null);
    });
  });
}

/** Where an opened document came from; it decides the words around it ("Opened … from a link"). */
export type OpenedFrom = { origin: 'link' } | { origin: 'file'; fileName: string; note?: string } | { origin: 'template' | 'my-template' };

/**
 * The one message after something opened, worded alike for links, files and templates. A
 * template someone picked on a blank canvas needs no message; anything that made a new entry
 * beside other work says where that work is.
 */
export function announceOpened(opened: { doc: PipelineDocument; kept: string | null }, source: OpenedFrom): void {
  const template = source.origin === 'template' || source.origin === 'my-template';
  if (template && !opened.kept) return;
  const from = source.origin === 'link' ? 'a link' : source.origin === 'file' ? `“${source.fileName}”` : 'a template';
  const kept = opened.kept && `It is a new entry in My pipelines; “${opened.kept}” is still there.`;
  const detail = [kept, source.origin === 'file' && source.note].filter(Boolean).join(' ') || undefined;
  useUi.getState().toast({ tone: 'info', kind: 'opened', title: `Opened “${opened.doc.name}” from ${from}`, detail });
}

/** Opens the share link in the address bar, if any, then takes it out so a reload does not open it again. */
export async function openLinkFromAddress(): Promise<void> {
  if (typeof window === 'undefined' || !hasLinkPayload(window.location.hash)) return;
  const result = decodeLink(window.location.hash);
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  if (!result.ok) {
    useOpenError.getState().show({ testId: 'link-error', title: "Couldn't open the link", error: result.error });
    return;
  }
  useOpenError.getState().dismiss();
  useUi.getState().setTemplatesOpen(false);
  const opened = await openIncoming(result.doc);
  if (opened) announceOpened(opened, { origin: 'link' });
}

/** Answers the two-tabs warning: take the other tab's version, or keep this one as a new entry. */
export function resolveConflict(choice: 'theirs' | 'copy'): Promise<void> {
  return serial(async () => {
    if (!open) return;
    const stored = await getPipeline(records, open.id);
    if (choice === 'theirs' && stored?.read.ok) {
      useLibrary.setState({ conflict: null });
      adopt(stored);
      useUi.getState().toast({ tone: 'info', kind: 'tabs', title: 'Loaded the other tab’s version', detail: 'Undo brings back your edits.' });
      return;
    }
    // Mine becomes a new entry with this tab's history; the original keeps what the other tab saved.
    const copy = await keepMineAsCopy();
    sessions.delete(open.id);
    open = { id: copy.id, revision: copy.revision, saved: copy.doc };
    useLibrary.setState({ currentId: copy.id });
    usePipeline.getState().commit(() => copy.doc);
    await records.setMeta(lastOpenKey, copy.id);
  });
}

/** Saves the document on the canvas as a new entry beside the one another tab changed, and says so. */
async function keepMineAsCopy(): Promise<{ id: string; revision: number; doc: PipelineDocument }> {
  const mine = usePipeline.getState().doc;
  const doc = { ...mine, name: distinctName(mine.name, names()) };
  const copy = await createPipeline(records, doc);
  useLibrary.setState({ conflict: null });
  await refreshList();
  broadcast({ type: 'changed' });
  useUi.getState().toast({ tone: 'info', kind: 'tabs', title: `Your version is kept as “${doc.name}”` });
  return { id: copy.id, revision: copy.revision, doc };
}

async function onOtherTab(message: Message): Promise<void> {
  if (message.type === 'saved' && open && message.id === open.id) {
    const stored = await getPipeline(records, open.id);
    const localEdits = usePipeline.getState().doc !== open.saved;
    if (stored) {
      const decision = decideOnStoredChange({ loadedRevision: open.revision, storedRevision: stored.revision, localEdits });
      if (decision === 'load' && stored.read.ok) {
        adopt(stored);
        useUi.getState().toast({ tone: 'info', kind: 'tabs', title: 'Updated from another tab', detail: 'This pipeline was edited in another tab; you now see that version.' });
      } else if (decision === 'conflict') {
        useLibrary.setState({ conflict: { name: usePipeline.getState().doc.name } });
      }
    }
  }
  await refreshList();
}

function openRecords(): Promise<PipelineRecords> {
  // A browser can refuse storage by throwing, or (blocked by another tab) by never answering.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refused = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('IndexedDB did not answer')), 5000);
  });
  // Through a promise: a browser that refuses may throw at once, before a promise exists.
  const opened = Promise.resolve().then(openDatabase).then(idbRecords);
  return Promise.race([opened, refused]).finally(() => clearTimeout(timer));
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Opens My pipelines on page load: moves the old autosave in, reopens the pipeline open last (or
 * starts a blank one), then opens a share link in the address bar. `options` are for tests.
 */
export function startLibrary(options: { records?: PipelineRecords; storage?: Storage | null } = {}): Promise<void> {
  return serial(async () => {
    const ui = useUi.getState();
    const untouched = usePipeline.getState().doc;
    try {
      records = options.records ?? (await openRecords());
    } catch {
      records = memoryRecords();
    }
    useLibrary.setState({ persistent: records.persistent });
    if (!records.persistent) {
      ui.toast({
        tone: 'error',
        kind: 'storage',
        title: 'Pipelines will not be kept',
        detail: 'This browser is not letting the app save (private browsing, or storage is blocked). Download your work as a file before closing the tab.',
      });
    }
    storage = options.storage === undefined ? localStorageOrNull() : options.storage;
    const moved = await moveLocalAutosave(records, storage);
    await applyPendingSaves(records, storage);
    const list = await refreshList();
    const lastId = await records.getMeta(lastOpenKey);
    const last = list.find((e) => e.id === lastId) ?? moved ?? list[0];
    const readable = last?.read.ok ? last : list.find((e) => e.read.ok);

    if (usePipeline.getState().doc !== untouched) {
      // Something was opened before storage answered: it is kept as a new entry rather than replaced.
      await createAndShow(usePipeline.getState().doc);
    } else if (readable) {
      await show(readable);
    } else {
      await createAndShow(blankDocument());
    }
    if (last && !last.read.ok) {
      const reason = `${last.read.error.message} ${last.read.error.hint}`;
      if (readable) {
        ui.toast({ tone: 'error', kind: 'restore', title: `“${last.name}” could not be opened`, detail: `${reason} It is kept in My pipelines, marked unreadable.` });
      } else {
        ui.setRestoreNotice(
          `Your last pipeline, “${last.name}”, could not be read (${last.read.error.message}), so it was not opened. ` +
            'It is kept in My pipelines, marked unreadable. Pick a template or a blank canvas to continue.',
        );
      }
    }
    useLibrary.setState({ ready: true });
    listenToOtherTabs();
  }).then(async () => {
    await openLinkFromAddress();
    // Whatever was asked to open while storage was read (a template picked from the toolbar
    // before it answered) opens first: the templates must not pop up again over it.
    await serial(async () => undefined);
    // A first visit (or an empty pipeline) starts from the templates.
    const doc = usePipeline.getState().doc;
    if (doc.nodes.length === 0 && !useOpenError.getState().problem) useUi.getState().setTemplatesOpen(true);
    // Once the pipelines are in place: free the rows of files nothing reads any more. A failure
    // here costs only storage, so it stays quiet.
    if (records.persistent) void forgetUnusedUploads(uploadsReadBy(doc)).catch(() => undefined);
  });
}

function listenToOtherTabs() {
  if (typeof BroadcastChannel === 'undefined' || channel) return;
  channel = new BroadcastChannel('pipeline-builder');
  channel.onmessage = (event: MessageEvent<Message>) => void serial(() => onOtherTab(event.data));
}

/** Ends the session's wiring (tests, and the app's unmount). */
export function stopLibrary(): void {
  channel?.close();
  channel = null;
  open = null;
  sessions.clear();
  useLibrary.setState({ ready: false, entries: [], currentId: null, conflict: null });
}
