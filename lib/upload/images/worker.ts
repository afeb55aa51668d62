/// <reference lib="webworker" />
import { saveUpload } from '@/lib/storage/uploads';
import { Fingerprint } from '../fingerprint';
import { decodeInBrowser } from './browser-decode';
import { readImageSet, type ImageFileInput } from './read-images';
import { FromImageWorker, ToImageWorker } from './worker-protocol';

/**
 * The image reading worker: unzips or reads the chosen files, decodes and resizes every image off
 * the page's main thread, keeps the table in IndexedDB under its fingerprint, and answers with
 * what the panel shows (counts per class, what could not be read), never the pixels.
 */

declare const self: DedicatedWorkerGlobalScope;

let reading: AbortController | undefined;
const progressIntervalMs = 100;

function post(message: FromImageWorker) {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<unknown>) => {
  const parsed = ToImageWorker.safeParse(event.data);
  if (!parsed.success) {
    post({ type: 'failed', message: 'The image reader received a request it does not understand. Reload the page and try again.', cancelled: false });
    return;
  }
  const message = parsed.data;
  if (message.type === 'cancel') {
    reading?.abort();
    return;
  }
  if (reading) {
    post({ type: 'failed', message: 'Images are already being read: wait for them, or cancel, before choosing others.', cancelled: false });
    return;
  }
  const controller = new AbortController();
  reading = controller;
  void read(message, controller.signal).finally(() => {
    reading = undefined;
  });
};

async function read({ name, source, size, channels }: Extract<ToImageWorker, { type: 'read' }>, signal: AbortSignal) {
  try {
    if (typeof OffscreenCanvas === 'undefined' || typeof createImageBitmap !== 'function') {
      post({ type: 'failed', message: 'This browser cannot decode images in the background (no OffscreenCanvas): use a current Chrome, Edge or Firefox.', cancelled: false });
      return;
    }
    // The same files read at another size or colour make another table: both are in the key.
    const fingerprint = new Fingerprint();
    fingerprint.update(new TextEncoder().encode(`${size.join('x')}x${channels}\n`));
    let input: ImageFileInput[] | Uint8Array;
    let bytes: number;
    const fileHashes = new Map<string, string>();
    if (source.kind === 'zip') {
      fingerprint.update(source.bytes);
      input = source.bytes;
      bytes = source.bytes.length;
    } else {
      // Each file is hashed when readImageSet reads it (in batches, in any order); the hashes are
      // combined in path order at the end, so the fingerprint does not depend on the read order.
      input = source.files.map(({ path, file }) => ({
        path,
        size: file.size,
        bytes: async () => {
          const data = new Uint8Array(await file.arrayBuffer());
          const own = new Fingerprint();
          own.update(data);
          fileHashes.set(path, own.digest('file'));
          return data;
        },
      }));
      bytes = source.files.reduce((sum, f) => sum + f.file.size, 0);
    }
    let last = 0;
    const result = await readImageSet(
      input,
      { size, channels },
      decodeInBrowser,
      ({ done, total }) => {
        const now = performance.now();
        if (now - last < progressIntervalMs && done < total) return;
        last = now;
        post({ type: 'progress', done, total });
      },
      signal,
    );
    if (!result.ok) {
      post({ type: 'failed', message: result.error.message, cancelled: result.error.code === 'IMAGES_CANCELLED' });
      return;
    }
    if (source.kind === 'folder') {
      const encoder = new TextEncoder();
      for (const path of [...fileHashes.keys()].sort()) fingerprint.update(encoder.encode(`${path}\n${fileHashes.get(path)}\n`));
    }
    const key = fingerprint.digest('images');
    const { table, classes, unreadable, skipped } = result.data;
    await saveUpload({ kind: 'images', fingerprint: key, file: name, bytes, savedAt: Date.now(), table });
    post({
      type: 'done',
      fingerprint: key,
      file: name,
      rows: table.rows,
      classes,
      unreadable,
      skipped,
      problems: result.problems.filter((p) => p.code !== 'IMAGES_UNREADABLE' && p.code !== 'IMAGES_SKIPPED').map((p) => p.message),
    });
  } catch (error) {
    post({
      type: 'failed',
      message: `Reading the images failed: ${error instanceof Error ? error.message : String(error)}. Try again; if it keeps happening, please report it.`,
      cancelled: false,
    });
  }
}
