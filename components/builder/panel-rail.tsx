'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import type { Panel } from '@/lib/layout/panels';
import { usePanelOpen, useUi } from '@/lib/store/ui';

const panelName: Record<Panel, string> = { palette: 'Node palette', inspector: 'Inspector' };

/**
 * A toggle is drawn in the open panel's header and again on its rail, so it is a new element
 * after each press: the one pressed from the keyboard hands the focus to the one that replaces it.
 */
let focusAfterToggle: Panel | null = null;

/** Folds a side panel to its rail and unfolds it; the choice is remembered (lib/layout/panels.ts). */
export function PanelToggle({ panel, className = '' }: { panel: Panel; className?: string }) {
  const open = usePanelOpen(panel);
  const setPanelOpen = useUi((s) => s.setPanelOpen);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusAfterToggle !== panel) return;
    focusAfterToggle = null;
    button.current?.focus();
  }, [panel]);
  const action = `${open ? 'Fold' : 'Unfold'} the ${panelName[panel].toLowerCase()}`;
  return (
    <button
      ref={button}
      type="button"
      data-testid={`toggle-${panel}`}
      aria-label={panelName[panel]}
      aria-expanded={open}
      title={action}
      onClick={(event) => {
        if (document.activeElement === event.currentTarget) focusAfterToggle = panel;
        setPanelOpen(panel, !open);
      }}
      className={`flex h-8 w-8 shrink-0 items-center justify-center rounded-lg text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 ${className}`}
    >
      <SidePanelIcon side={panel === 'palette' ? 'left' : 'right'} open={open} />
    </button>
  );
}

/** A window with its side bar drawn filled when open, as editors draw their side bar toggles. */
function SidePanelIcon({ side, open }: { side: 'left' | 'right'; open: boolean }) {
  const bar = side === 'left' ? 3 : 15;
  return (
    <svg viewBox="0 0 24 24" width={16} height={16} fill="none" stroke="currentColor" strokeWidth={1.8} aria-hidden="true">
      <rect x={3} y={4} width={18} height={16} rx={2.5} />
      <rect x={bar} y={4} width={6} height={16} rx={side === 'left' ? 2.5 : 0} fill={open ? 'currentColor' : 'none'} strokeWidth={0} />
      <path d={side === 'left' ? 'M9 4v16' : 'M15 4v16'} />
    </svg>
  );
}

/** The slim column a folded panel leaves: its toggle, and whatever else stays one click away. */
export function Rail({ side, label, children }: { side: 'left' | 'right'; label: string; children: ReactNode }) {
  return (
    <aside
      aria-label={label}
      className={`flex h-full w-12 flex-col items-center gap-1 bg-zinc-925 py-2.5 ${side === 'left' ? 'border-r' : 'border-l'} border-zinc-800`}
    >
      {children}
    </aside>
  );
}
