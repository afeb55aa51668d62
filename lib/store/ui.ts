import { create } from 'zustand';
import { isPanelOpen, panelChoicesKey, parsePanelChoices, type Panel, type PanelChoices } from '@/lib/layout/panels';

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
  /** The "Save as template" dialog. */
  saveTemplateOpen: boolean;
  /** Shown in the templates dialog when the autosave could not be read. */
  restoreNotice: string | null;
  /** Bumped to ask the canvas to fit the view (after a template loads). */
  fitViewRequest: number;
  /** Bumped to ask the canvas to tidy its layout (Shift+T). */
  tidyRequest: number;
  /** Bumped to ask the canvas to centre on a node (from the issues list). */
  focusRequest: { nodeId: string; nonce: number } | null;
  /** The window's width, which decides whether side panels start folded; null until measured on the client. */
  windowWidth: number | null;
  /** Side panels a person folded or unfolded, remembered in this browser. */
  panelChoices: PanelChoices;

  toast: (toast: Omit<Toast, 'id' | 'kind'> & { kind?: string }) => void;
  dismissToast: (id: number) => void;
  setTemplatesOpen: (open: boolean) => void;
  setSaveTemplateOpen: (open: boolean) => void;
  setRestoreNotice: (notice: string | null) => void;
  requestFitView: () => void;
  requestFocus: (nodeId: string) => void;
  requestTidy: () => void;
  setWindowWidth: (width: number) => void;
  /** Reads the remembered panel choices (on the client, before the first paint). */
  restorePanelChoices: (storage?: Storage) => void;
  setPanelOpen: (panel: Panel, open: boolean, storage?: Storage) => void;
}

let nextToastId = 1;
const toastMs = 5000;

export const useUi = create<UiState>()((set, get) => ({
  toasts: [],
  templatesOpen: false,
  saveTemplateOpen: false,
  restoreNotice: null,
  fitViewRequest: 0,
  tidyRequest: 0,
  focusRequest: null,
  windowWidth: null,
  panelChoices: {},

  toast: (toast) => {
    const id = nextToastId++;
    const kind = toast.kind ?? toast.title;
    // One per kind, newest last: a burst of refusals updates one message instead of piling up.
    set((s) => ({ toasts: [...s.toasts.filter((t) => t.kind !== kind), { ...toast, kind, id }].slice(-3) }));
    setTimeout(() => get().dismissToast(id), toastMs);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  setTemplatesOpen: (templatesOpen) => set({ templatesOpen }),
  setSaveTemplateOpen: (saveTemplateOpen) => set({ saveTemplateOpen }),
  setRestoreNotice: (restoreNotice) => set({ restoreNotice }),
  requestFitView: () => set((s) => ({ fitViewRequest: s.fitViewRequest + 1 })),
  requestFocus: (nodeId) => set((s) => ({ focusRequest: { nodeId, nonce: (s.focusRequest?.nonce ?? 0) + 1 } })),
  requestTidy: () => set((s) => ({ tidyRequest: s.tidyRequest + 1 })),
  setWindowWidth: (windowWidth) => set({ windowWidth }),
  restorePanelChoices: (storage = window.localStorage) => set({ panelChoices: parsePanelChoices(storage.getItem(panelChoicesKey)) }),
  setPanelOpen: (panel, open, storage = window.localStorage) => {
    const panelChoices = { ...get().panelChoices, [panel]: open };
    set({ panelChoices });
    try {
      storage.setItem(panelChoicesKey, JSON.stringify(panelChoices));
    } catch {
      // Storage full or blocked: the choice still holds until the page is closed.
    }
  },
}));

/** Whether a side panel is open now: a person's choice, else open on wide windows. */
export function usePanelOpen(panel: Panel): boolean {
  return useUi((s) => isPanelOpen(panel, s.panelChoices, s.windowWidth));
}
