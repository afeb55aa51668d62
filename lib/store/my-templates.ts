import { create } from 'zustand';
import type { PipelineDocument } from '@/lib/document/document';
import {
  deleteTemplate,
  listTemplates,
  saveTemplate,
  updateTemplate,
  type MyTemplate,
  type UpdateResult,
} from '@/lib/storage/templates';
import type { TemplateDetails } from '@/lib/templates/details';

/**
 * The person's own templates as the dialogs show them. The database is the truth: the list is
 * read from it each time the templates dialog opens (another tab may have changed it), and each
 * change is written there first and shown once it is stored.
 */
export interface MyTemplatesState {
  /** `loading` only until the first read; later reads refresh the list in place. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  templates: MyTemplate[];
  /** Why the list could not be read. */
  error: string | null;

  load: () => Promise<void>;
  save: (doc: PipelineDocument, details: TemplateDetails) => Promise<{ ok: true; template: MyTemplate } | Refused>;
  update: (id: string, details: TemplateDetails) => Promise<UpdateResult>;
  remove: (id: string) => Promise<{ ok: true } | Refused>;
}

type Refused = { ok: false; message: string };

/** What a refusal of the browser's database means to the person, and what to do. */
export function storageProblem(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') return "This browser's storage for the app is full: delete templates you no longer need, then try again.";
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  return `This browser did not let the app use its storage${detail}. Private windows and some privacy settings block it; try a normal window.`;
}

export const useMyTemplates = create<MyTemplatesState>()((set, get) => ({
  status: 'idle',
  templates: [],
  error: null,

  // IndexedDB runs transactions on one store in the order they were made, so a read that started
  // before a save cannot finish after it and hide the saved template.
  load: async () => {
    if (get().status !== 'ready') set({ status: 'loading', error: null });
    try {
      set({ status: 'ready', templates: await listTemplates(), error: null });
    } catch (error) {
      set({ status: 'error', error: storageProblem(error) });
    }
  },

  save: async (doc, details) => {
    try {
      const template = await saveTemplate(doc, details);
      set((s) => ({ templates: [template, ...s.templates.filter((t) => t.id !== template.id)] }));
      return { ok: true, template };
    } catch (error) {
      return { ok: false, message: storageProblem(error) };
    }
  },

  update: async (id, details) => {
    try {
      const result = await updateTemplate(id, details);
      if (result.ok) set((s) => ({ templates: s.templates.map((t) => (t.id === id ? result.template : t)) }));
      // Gone from the database: gone from the list too.
      else if (result.reason === 'missing') set((s) => ({ templates: s.templates.filter((t) => t.id !== id) }));
      return result;
    } catch (error) {
      return { ok: false, reason: 'storage', message: storageProblem(error) };
    }
  },

  remove: async (id) => {
    try {
      await deleteTemplate(id);
      set((s) => ({ templates: s.templates.filter((t) => t.id !== id) }));
      return { ok: true };
    } catch (error) {
      return { ok: false, message: storageProblem(error) };
    }
  },
}));
