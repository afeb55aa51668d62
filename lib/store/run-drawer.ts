import { create } from 'zustand';

/** The run drawer's tabs: the results of the run in the panel, trying its model, and every kept run. */
export const runDrawerTabs = ['results', 'predict', 'runs'] as const;
export type RunDrawerTab = (typeof runDrawerTabs)[number];

interface RunDrawerState {
  /** The tab shown; null when the drawer is closed. */
  tab: RunDrawerTab | null;
  show: (tab: RunDrawerTab) => void;
  close: () => void;
}

export const useRunDrawer = create<RunDrawerState>()((set) => ({
  tab: null,
  show: (tab) => set({ tab }),
  close: () => set({ tab: null }),
}));
