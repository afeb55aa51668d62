import { create } from 'zustand';

export interface Toast {
  id: number;
  /** What the toast is about; a new toast of a kind replaces the one showing. Defaults to the title. */
  kind: string;
  tone: 'info' | 'error';
  title: string;
  detail?: string;
}

export interface UiState {
  toasts: Toast[];
  templatesOpen: boolean;
  /** Shown in the templates dialog when the autosave could not be read. */
  restoreNotice: string | null;
  /** Bumped to ask the canvas to fit the view (after a template loads). */
  fitViewRequest: number;
  /** Bumped to ask the canvas to centre on a node (from the issues list). */
  focusRequest: { nodeId: string; nonce: number } | null;

  toast: (toast: Omit<Toast, 'id' | 'kind'> & { kind?: string }) => void;
  dismissToast: (id: number) => void;
  setTemplatesOpen: (open: boolean) => void;
  setRestoreNotice: (notice: string | null) => void;
  requestFitView: () => void;
  requestFocus: (nodeId: string) => void;
}

let nextToastId = 1;
const toastMs = 5000;

export const useUi = create<UiState>()((set, get) => ({
  toasts: [],
  templatesOpen: false,
  restoreNotice: null,
  fitViewRequest: 0,
  focusRequest: null,

  toast: (toast) => {
    const id = nextToastId++;
    const kind = toast.kind ?? toast.title;
    // One per kind, newest last: a burst of refusals updates one message instead of piling up.
    set((s) => ({ toasts: [...s.toasts.filter((t) => t.kind !== kind), { ...toast, kind, id }].slice(-3) }));
    setTimeout(() => get().dismissToast(id), toastMs);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setTemplatesOpen: (templatesOpen) => set({ templatesOpen }),
  setRestoreNotice: (restoreNotice) => set({ restoreNotice }),
  requestFitView: () => set((s) => ({ fitViewRequest: s.fitViewRequest + 1 })),
  requestFocus: (nodeId) => set((s) => ({ focusRequest: { nodeId, nonce: (s.focusRequest?.nonce ?? 0) + 1 } })),
}));
