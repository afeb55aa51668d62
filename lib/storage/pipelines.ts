import type { PipelineDocument } from '@/lib/document/document';
import { readDocument, storedDocument, type DocumentResult } from '@/lib/document/read';
import type { Database, StoredPipeline } from './db';

/**
 * My pipelines, kept in this browser. The operations are written once over `PipelineRecords`, which
 * is the browser's database (idbRecords) or, where the browser refuses one (private mode, blocked
 * storage), a map that lives as long as the page (memoryRecords): the app works the same either way.
 */
export interface PipelineRecords {
  /** Whether what is written outlives the page. */
  readonly persistent: boolean;
  all(): Promise<StoredPipeline[]>;
  get(id: string): Promise<StoredPipeline | undefined>;
  /**
   * Reads one record and writes what `change` returns (nothing when it returns undefined) in one
   * step, so a check on the stored revision cannot be overtaken by another tab's write.
   */
  update(id: string, change: (current: StoredPipeline | undefined) => StoredPipeline | undefined): Promise<void>;
  delete(id: string): Promise<void>;
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
}

export function idbRecords(db: Database): PipelineRecords {
  return {
    persistent: true,
    all: () => db.getAll('pipelines'),
    get: (id) => db.get('pipelines', id),
    update: async (id, change) => {
      const tx = db.transaction('pipelines', 'readwrite');
      const next = change(await tx.store.get(id));
      if (next) await tx.store.put(next);
      await tx.done;
    },
    delete: (id) => db.delete('pipelines', id),
    getMeta: (key) => db.get('meta', key),
    setMeta: async (key, value) => {
      await db.put('meta', value, key);
    },
  };
}

export function memoryRecords(): PipelineRecords {
  const pipelines = new Map<string, StoredPipeline>();
  const meta = new Map<string, unknown>();
  // Copies in and out, as a database would: a caller's later edits must not reach what is "stored".
  return {
    persistent: false,
    all: async () => [...pipelines.values()].map((p) => structuredClone(p)),
    get: async (id) => structuredClone(pipelines.get(id)),
    update: async (id, change) => {
      const next = change(structuredClone(pipelines.get(id)));
      if (next) pipelines.set(next.id, structuredClone(next));
    },
    delete: async (id) => {
      pipelines.delete(id);
    },
    getMeta: async (key) => meta.get(key),
    setMeta: async (key, value) => {
      meta.set(key, value);
    },
  };
}

/** A stored pipeline with its document read (and migrated) like any other way in. */
export interface PipelineEntry {
  id: string;
  createdAt: number;
  updatedAt: number;
  revision: number;
  read: DocumentResult;
  /** The name shown in the list: the document's, or for an unreadable one the name it claims, if any. */
  name: string;
}

export function toEntry(stored: StoredPipeline): PipelineEntry {
  const read = readDocument(stored.doc, 'saved');
  const claimed = (stored.doc as { name?: unknown } | null)?.name;
  const name = read.ok
    ? read.doc.name
    : typeof claimed === 'string' && claimed.trim() !== ''
      ? claimed.slice(0, 200)
      : 'Unreadable pipeline';
  return { id: stored.id, createdAt: stored.createdAt, updatedAt: stored.updatedAt, revision: stored.revision, read, name };
}

/** Newest edit first: the list opens on what a person worked on last. */
export async function listPipelines(records: PipelineRecords): Promise<PipelineEntry[]> {
  const all = await records.all();
  return all.map(toEntry).sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}

export async function getPipeline(records: PipelineRecords, id: string): Promise<PipelineEntry | undefined> {
  const stored = await records.get(id);
  return stored && toEntry(stored);
}

function newId(): string {
  return crypto.randomUUID();
}

export async function createPipeline(records: PipelineRecords, doc: PipelineDocument, now = Date.now()): Promise<PipelineEntry> {
  const stored: StoredPipeline = { id: newId(), doc: storedDocument(doc), createdAt: now, updatedAt: now, revision: 1 };
  await records.update(stored.id, () => stored);
  return toEntry(stored);
}

export type SaveResult =
  | { status: 'saved'; revision: number }
  /** Another tab saved since this one loaded `loadedRevision`: nothing was written. */
  | { status: 'conflict'; stored: PipelineEntry };

/**
 * Writes `doc` only if the stored revision is still the one this tab loaded, so a tab that fell
 * behind never overwrites a newer save. A pipeline deleted elsewhere while open here is written
 * back: the edits being made to it are not thrown away.
 */
export async function savePipeline(
  records: PipelineRecords,
  id: string,
  doc: PipelineDocument,
  loadedRevision: number,
  now = Date.now(),
): Promise<SaveResult> {
  let result: SaveResult = { status: 'saved', revision: loadedRevision + 1 };
  await records.update(id, (current) => {
    if (current && current.revision !== loadedRevision) {
      result = { status: 'conflict', stored: toEntry(current) };
      return undefined;
    }
    const revision = (current?.revision ?? loadedRevision) + 1;
    result = { status: 'saved', revision };
    // Stored with its nodes' kind versions, so a later app knows which params migrations to run.
    return { id, doc: storedDocument(doc), createdAt: current?.createdAt ?? now, updatedAt: now, revision };
  });
  return result;
}

/** Renames a pipeline that is not open (the open one is renamed through its document, undoably). */
export async function renamePipeline(records: PipelineRecords, id: string, name: string, now = Date.now()): Promise<boolean> {
  let renamed = false;
  await records.update(id, (current) => {
    const read = current && readDocument(current.doc, 'saved');
    if (!current || !read?.ok) return undefined;
    renamed = true;
    return { ...current, doc: storedDocument({ ...read.doc, name }), updatedAt: now, revision: current.revision + 1 };
  });
  return renamed;
}

/** A copy next to the original, named so the two can be told apart. */
export async function duplicatePipeline(
  records: PipelineRecords,
  id: string,
  takenNames: readonly string[],
  now = Date.now(),
): Promise<PipelineEntry | undefined> {
  const original = await getPipeline(records, id);
  if (!original?.read.ok) return undefined;
  return createPipeline(records, { ...original.read.doc, name: distinctName(original.read.doc.name, takenNames) }, now);
}

export async function deletePipeline(records: PipelineRecords, id: string): Promise<void> {
  await records.delete(id);
}

/**
 * `name` if no other pipeline has it, else "name (2)", "name (3)", ...: two entries in the list must
 * never look the same. A name that already ends in " (n)" counts on from its base.
 */
export function distinctName(name: string, takenNames: readonly string[]): string {
  const taken = new Set(takenNames);
  if (!taken.has(name)) return name;
  const base = name.replace(/ \(\d+\)$/, '');
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`.slice(-200);
    if (!taken.has(candidate)) return candidate;
  }
}

/** The pipeline open last, so a reload reopens it. */
export const lastOpenKey = 'lastOpen';

/** Where the app kept its one pipeline before My pipelines (issue 2's autosave). */
export const localAutosaveKey = 'pipeline-builder:autosave';

/** The entry the old autosave moves into: a fixed id, so two tabs opening at once move it once. */
export const movedAutosaveId = 'moved-local-autosave';

/**
 * Moves the old localStorage autosave into My pipelines, once. It is copied as it was, even when
 * unreadable (the list then says why, and the data is still there); the localStorage key and its
 * `:unreadable:` backups are left in place, so nothing that was there is lost.
 */
export async function moveLocalAutosave(records: PipelineRecords, storage: Storage | null, now = Date.now()): Promise<PipelineEntry | undefined> {
  if (await records.getMeta(movedAutosaveId)) return undefined;
  let raw: string | null = null;
  try {
    raw = storage?.getItem(localAutosaveKey) ?? null;
  } catch {
    // localStorage blocked: there is nothing to move.
  }
  let moved: StoredPipeline | undefined;
  if (raw !== null) {
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch {
      doc = raw;
    }
    await records.update(movedAutosaveId, (current) => {
      if (current) return undefined;
      moved = { id: movedAutosaveId, doc, createdAt: now, updatedAt: now, revision: 1 };
      return moved;
    });
  }
  await records.setMeta(movedAutosaveId, true);
  return moved && toEntry(moved);
}

/**
 * A page being closed or reloaded cannot wait for the database, so its last unsaved edit is kept
 * synchronously in localStorage, one key per pipeline, and written properly on the next load.
 */
export const pendingSavePrefix = 'pipeline-builder:pending-save:';

export function keepPendingSave(storage: Storage | null, id: string, loadedRevision: number, doc: PipelineDocument): void {
  try {
    storage?.setItem(`${pendingSavePrefix}${id}`, JSON.stringify({ revision: loadedRevision, doc: storedDocument(doc) }));
  } catch {
    // Storage full or blocked: the edit made in the last moment before closing is lost.
  }
}

export function dropPendingSave(storage: Storage | null, id: string): void {
  try {
    storage?.removeItem(`${pendingSavePrefix}${id}`);
  } catch {
    // Nothing was kept there, then.
  }
}

/**
 * Writes the edits kept at the last page close. If the pipeline was saved elsewhere since (another
 * tab), and differently, the kept edit becomes its own entry rather than overwriting that save.
 * A kept edit that cannot be read stays where it is, so nothing is lost.
 */
export async function applyPendingSaves(records: PipelineRecords, storage: Storage | null, now = Date.now()): Promise<void> {
  if (!storage) return;
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(pendingSavePrefix)) keys.push(key);
    }
  } catch {
    return;
  }
  for (const key of keys) {
    const id = key.slice(pendingSavePrefix.length);
    let kept: { revision?: unknown; doc?: unknown };
    try {
      kept = JSON.parse(storage.getItem(key) ?? 'null') ?? {};
    } catch {
      continue;
    }
    const read = readDocument(kept.doc, 'saved');
    if (!read.ok || typeof kept.revision !== 'number') continue;
    const stored = await getPipeline(records, id);
    if (!stored || stored.revision === kept.revision) {
      await savePipeline(records, id, read.doc, kept.revision, now);
    } else if (!stored.read.ok || JSON.stringify(stored.read.doc) !== JSON.stringify(read.doc)) {
      const taken = (await listPipelines(records)).map((e) => e.name);
      await createPipeline(records, { ...read.doc, name: distinctName(read.doc.name, taken) }, now);
    }
    storage.removeItem(key);
  }
}
