'use client';

import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useRunDrawer, runDrawerTabs, type RunDrawerTab } from '@/lib/store/run-drawer';
import { CloseButton } from '@/components/ui/modal';
import { ResultsView } from '@/components/results/results-view';
import { Playground } from '@/components/predict/playground';
import { RunHistory } from '@/components/runs/run-history';
import { DownloadModelButton } from '@/components/training/download-model';

const tabLabels: Record<RunDrawerTab, string> = { results: 'Results', predict: 'Try the model', runs: 'Runs' };

/**
 * A wide drawer along the bottom of the window, over the canvas and the training panel: a run's
 * results, its model to try, and the pipeline's kept runs. It does not block the page (the run
 * can be paused or stopped, the canvas edited); Escape closes it and focus returns to its opener.
 */
export function RunDrawer() {
  const tab = useRunDrawer((s) => s.tab);
  if (!tab) return null;
  return <OpenDrawer tab={tab} />;
}

function OpenDrawer({ tab }: { tab: RunDrawerTab }) {
  const { show, close } = useRunDrawer();
  const drawer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    drawer.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return createPortal(
    <div
      ref={drawer}
      role="dialog"
      aria-modal="false"
      aria-label={tabLabels[tab]}
      tabIndex={-1}
      data-testid="run-drawer"
      data-tab={tab}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        close();
      }}
      className="nokey fixed right-3 bottom-3 left-3 z-30 flex h-[78vh] min-h-72 flex-col overflow-hidden rounded-2xl border border-zinc-700 bg-zinc-925 shadow-2xl shadow-black/70 outline-none"
    >
      <div className="flex shrink-0 items-center justify-between gap-3 border-b border-zinc-800 px-4 pt-3">
        <div role="tablist" aria-label="Run" className="flex gap-1">
          {runDrawerTabs.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={tab === name}
              data-testid={`run-drawer-tab-${name}`}
              onClick={() => show(name)}
              className="-mb-px h-9 border-b-2 border-transparent px-3 text-[13px] font-medium text-zinc-400 hover:text-zinc-100 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none aria-selected:border-indigo-400 aria-selected:text-zinc-50"
            >
              {tabLabels[name]}
            </button>
          ))}
        </div>
        <div className="flex min-w-0 items-center gap-2">
          {/* On every tab: the model of the run in the panel, whichever view is open. */}
          <DownloadModelButton />
          <CloseButton onClick={close} testId="run-drawer-close" className="-mt-1" />
        </div>
      </div>
      <div role="tabpanel" className="min-h-0 flex-1 overflow-y-auto px-5 py-4">
        {tab === 'results' && <ResultsView />}
        {tab === 'predict' && <Playground />}
        {tab === 'runs' && <RunHistory />}
      </div>
    </div>,
    document.body,
  );
}
