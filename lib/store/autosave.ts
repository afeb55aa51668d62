import type { PipelineDocument } from '@/lib/document/document';
import { readDocument } from '@/lib/document/read';
import { usePipeline } from './pipeline';

export const autosaveKey = 'pipeline-builder:autosave';

export type RestoreResult =
  | { status: 'empty' }
  | { status: 'restored'; doc: PipelineDocument }
  | { status: 'corrupt'; reason: string; backupKey: string | null };

/** Reads the autosave; whatever comes from storage is validated like any other way in. */
export function readAutosave(storage: Storage = window.localStorage): RestoreResult {
  let raw: string | null;
  try {
    raw = storage.getItem(autosaveKey);
  } catch {
    return { status: 'empty' };
  }
  if (raw === null) return { status: 'empty' };
  let reason: string;
  try {
    // Through readDocument like every way in: a save from an older version is migrated, not lost.
    const read = readDocument(JSON.parse(raw), 'saved');
    if (read.ok) return { status: 'restored', doc: read.doc };
    reason = read.error.message;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  // Keep the unreadable save under another key, so starting fresh does not destroy it (once per content).
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(`${autosaveKey}:unreadable:`) && storage.getItem(key) === raw) {
      return { status: 'corrupt', reason, backupKey: key };
    }
  }
  const backupKey = `${autosaveKey}:unreadable:${new Date().toISOString()}`;
  try {
    storage.setItem(backupKey, raw);
  } catch {
    return { status: 'corrupt', reason, backupKey: null };
  }
  return { status: 'corrupt', reason, backupKey };
}

/** Writes the document shortly after each change; returns the unsubscribe function. */
export function startAutosave(storage: Storage = window.localStorage, delayMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    timer = undefined;
    try {
      storage.setItem(autosaveKey, JSON.stringify(usePipeline.getState().doc));
    } catch {
      // Storage full or disabled (private mode): the app keeps working, only without autosave.
    }
  };
  const unsubscribe = usePipeline.subscribe((state, previous) => {
    if (state.doc === previous.doc) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  });
  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      write();
    }
  };
  window.addEventListener('pagehide', flush);
  return () => {
    flush();
    unsubscribe();
    window.removeEventListener('pagehide', flush);
  };
}
