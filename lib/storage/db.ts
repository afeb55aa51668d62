import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { StoredUpload } from './uploads';
import type { RunRecord } from '@/lib/runs/record';

/**
 * The browser's own database for what a person keeps: their pipelines, their templates, the
 * files they uploaded and their training runs.
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
  /** Uploaded CSV files and image sets, read once, by fingerprint (lib/storage/uploads.ts). */
  uploads: { key: string; value: StoredUpload };
  /**
   * Training runs (lib/storage/runs.ts), raw as stored: parse with RunRecord. `pipeline` lists a
   * pipeline's runs in start order; `status` finds the runs a closed page left running.
   */
  runs: { key: string; value: RunRecord; indexes: { pipeline: [string, number]; status: string } };
}

export type Database = IDBPDatabase<Schema>;

let opening: Promise<Database> | null = null;

/** Opens the database once per page (tests install fake-indexeddb's globals first). */
export function openDatabase(): Promise<Database> {
  opening ??= openDB<Schema>(databaseName, 3, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('pipelines', { keyPath: 'id' });
        db.createObjectStore('templates', { keyPath: 'id' });
        db.createObjectStore('meta');
      }
      if (oldVersion < 2) db.createObjectStore('uploads', { keyPath: 'fingerprint' });
      if (oldVersion < 3) {
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('pipeline', ['pipelineId', 'startedAt']);
        runs.createIndex('status', 'status');
      }
    },
  });
  return opening;
}

/** Lets a test start on a fresh database after swapping `indexedDB` for a new fake one. */
export function forgetDatabase(): void {
  opening = null;
}
