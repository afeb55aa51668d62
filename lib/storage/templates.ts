import type { PipelineDocument } from '@/lib/document/document';
import { readDocument, storedDocument, type DocumentError } from '@/lib/document/read';
import { cleanTags, type TemplateDetails } from '@/lib/templates/details';
import { openDatabase, type StoredTemplate } from './db';

/**
 * A person's own templates, kept in the browser's database. What is stored is read back through
 * readDocument like anything else from outside: an older or damaged entry comes back as an
 * unreadable template with the reason, never as an exception that takes the list down with it.
 */
interface TemplateEntry {
  id: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export type MyTemplate =
  | (TemplateEntry & { ok: true; doc: PipelineDocument })
  | (TemplateEntry & {
      ok: false;
      error: DocumentError;
      /** The stored name when there is one, so a person can tell which template this was. */
      name: string | null;
    });

/** Ids that sort nowhere in particular; random without needing a secure context (crypto.randomUUID does). */
function newTemplateId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `tpl-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Turns whatever the database holds under `id` into a template, readable or not. */
export function readStoredTemplate(id: string, value: unknown): MyTemplate {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof StoredTemplate, unknown>>;
  const createdAt = finiteOr(record.createdAt, 0);
  const entry = { id, tags: cleanTags(record.tags), createdAt, updatedAt: finiteOr(record.updatedAt, createdAt) };
  const read = readDocument(record.doc, 'template');
  if (read.ok) return { ...entry, ok: true, doc: read.doc };
  const doc = record.doc as { name?: unknown } | null | undefined;
  const name = typeof doc?.name === 'string' && doc.name.trim() ? doc.name.trim().slice(0, 200) : null;
  return { ...entry, ok: false, error: read.error, name };
}

/** The pipeline `doc` under the given name and description, as a new template; returns it as listed. */
export async function saveTemplate(doc: PipelineDocument, details: TemplateDetails, now = Date.now()): Promise<MyTemplate> {
  const record: StoredTemplate = {
    id: newTemplateId(),
    // Stored with its nodes' kind versions, so a later app knows which params migrations to run.
    doc: storedDocument({ ...structuredClone(doc), name: details.name, description: details.description }),
    tags: details.tags,
    createdAt: now,
    updatedAt: now,
  };
  const db = await openDatabase();
  await db.put('templates', record);
  return readStoredTemplate(record.id, record);
}

/** Every template, newest first; a rename does not move one. */
export async function listTemplates(): Promise<MyTemplate[]> {
  const db = await openDatabase();
  const tx = db.transaction('templates');
  const templates: MyTemplate[] = [];
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    templates.push(readStoredTemplate(String(cursor.key), cursor.value));
  }
  await tx.done;
  return templates.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export type UpdateResult =
  | { ok: true; template: MyTemplate }
  | { ok: false; reason: 'missing' | 'unreadable' | 'storage'; message: string };

/**
 * Gives a template a new name, description and tags. Refused when the template is gone or cannot
 * be read: an unreadable one can only be deleted.
 */
export async function updateTemplate(id: string, details: TemplateDetails, now = Date.now()): Promise<UpdateResult> {
  const db = await openDatabase();
  const tx = db.transaction('templates', 'readwrite');
  const stored = await tx.store.get(id);
  const current = stored && readStoredTemplate(id, stored);
  if (!current || !current.ok) {
    await tx.done;
    return {
      ok: false,
      reason: current ? 'unreadable' : 'missing',
      message: current
        ? `This template cannot be read (${current.error.message}), so it cannot be changed; you can delete it.`
        : 'This template is no longer saved in this browser; another tab may have deleted it.',
    };
  }
  const record: StoredTemplate = {
    id,
    doc: storedDocument({ ...current.doc, name: details.name, description: details.description }),
    tags: details.tags,
    createdAt: current.createdAt,
    updatedAt: now,
  };
  await tx.store.put(record);
  await tx.done;
  return { ok: true, template: readStoredTemplate(id, record) };
}

export async function deleteTemplate(id: string): Promise<void> {
  const db = await openDatabase();
  await db.delete('templates', id);
}
