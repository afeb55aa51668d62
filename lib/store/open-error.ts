import { create } from 'zustand';
import type { DocumentError } from '@/lib/document/read';

/** Why something from outside (a file, a link) did not open; it stays until dismissed or until something opens. */
export interface OpenProblem {
  /** Tells the alerts apart in tests: "file-error", "link-error". */
  testId: string;
  /** What could not be opened, e.g. `Couldn't open “notes.json”`. */
  title: string;
  error: DocumentError;
  /** A further line, e.g. which other dropped files were left alone. */
  note?: string;
}

interface OpenErrorState {
  problem: OpenProblem | null;
  show: (problem: OpenProblem) => void;
  dismiss: () => void;
}

export const useOpenError = create<OpenErrorState>()((set) => ({
  problem: null,
  show: (problem) => set({ problem }),
  dismiss: () => set({ problem: null }),
}));
