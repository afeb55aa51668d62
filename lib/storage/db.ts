import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * The browser's own database for what a person keeps: their pipelines and their templates.
 * Documents read back from here go through readDocument like any other way in.
 */
export const databaseName = 'pipeline-builder';

export interface StoredPipeline {
  id: string;
  /** Raw as stored: validate with readDocument before use. */
  doc: unknown;
  createdAt: number;
  updatedAt: number;
  /** Bumped on every save, so two tabs on one pipeline can tell whose edit is newer. */
  revision: number;
}

export interface StoredTemplate {
  id: string;
  /** Raw as stored: validate with readDocument before use. */
  doc: unknown;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

interface Schema extends DBSchema {
  pipelines: { key: string; value: StoredPipeline };
  templates: { key: string; value: StoredTemplate };
  /** Small facts: which pipeline was open last, whether the localStorage autosave was moved in. */
  meta: { key: string; value: unknown };
}

export type Database = IDBPDatabase<Schema>;

let opening: Promise<Database> | null = null;

/** Opens the database once per page (tests install fake-indexeddb's globals first). */
export function openDatabase(): Promise<Database> {
  opening ??= openDB<Schema>(databaseName, 1, {
    upgrade(db) {
      db.createObjectStore('pipelines', { keyPath: 'id' });
      db.createObjectStore('templates', { keyPath: 'id' });
      db.createObjectStore('meta');
    },
  });
  return opening;
}

/** Lets a test start on a fresh database after swapping `indexedDB` for a new fake one. */
export function forgetDatabase(): void {
  opening = null;
}
