import { FromPreviewWorker, ToPreviewWorker, type PreviewPlan, type PreviewResult } from './protocol';

/**
 * The page's side of previews: one worker for the page's life (it keeps the last table it loaded),
 * started on the first preview. Importing this module starts nothing.
 */

export type PreviewOutcome = { ok: true; result: PreviewResult } | { ok: false; message: string; hint: string };

interface Pending {
  resolve: (outcome: PreviewOutcome) => void;
  onStatus: (message: string) => void;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(message: string, hint: string) {
  for (const request of pending.values()) request.resolve({ ok: false, message, hint });
  pending.clear();
}

function startWorker(): Worker {
  // This exact `new Worker(new URL(...), { type: 'module' })` shape is what the bundler recognises and bundles.
  const started = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  started.onmessage = (event: MessageEvent<unknown>) => {
    const parsed = FromPreviewWorker.safeParse(event.data);
    if (!parsed.success) {
      failAll('The preview worker sent a message this page does not understand.', 'Reload the page; if it keeps happening, please report it.');
      return;
    }
    const message = parsed.data;
    const request = pending.get(message.id);
    if (!request) return;
    if (message.type === 'status') return request.onStatus(message.message);
    pending.delete(message.id);
    request.resolve(
      message.type === 'result'
        ? { ok: true, result: { outputs: message.outputs, ...(message.split && { split: message.split }) } }
        : { ok: false, message: message.message, hint: message.hint },
    );
  };
  started.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    // A crashed worker keeps nothing worth reusing: the next preview starts a fresh one.
    started.terminate();
    if (worker === started) worker = undefined;
    failAll(`The preview worker crashed${event.message ? `: ${event.message}` : ''}.`, 'Try again; if it keeps happening, reload the page.');
  };
  return started;
}

/** Runs `plan` in the preview worker; status lines ("Loading Iris…") go to `onStatus`. Never rejects. */
export function requestPreview(plan: PreviewPlan, onStatus: (message: string) => void): Promise<PreviewOutcome> {
  worker ??= startWorker();
  const id = nextId++;
  const message = ToPreviewWorker.safeParse({ type: 'preview', id, plan });
  if (!message.success) {
    return Promise.resolve({ ok: false, message: "This node's data source cannot be previewed with its present settings.", hint: 'Check the settings of its data node.' });
  }
  return new Promise((resolve) => {
    pending.set(id, { resolve, onStatus });
    worker!.postMessage(message.data);
  });
}
