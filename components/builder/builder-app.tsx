'use client';

import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from '@/components/canvas/canvas';
import { Palette } from '@/components/palette/palette';
import { Inspector } from '@/components/inspector/inspector';
import { TrainingPanel } from '@/components/training/training-panel';
import { TemplatesDialog } from '@/components/templates/templates-dialog';
import { Toasts } from '@/components/ui/toasts';
import { isTypingTarget } from '@/components/ui/keyboard';
import { readAutosave, startAutosave } from '@/lib/store/autosave';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { TopBar } from './top-bar';

export function BuilderApp() {
  useRestoreAndAutosave();
  useUndoShortcuts();
  return (
    <ReactFlowProvider>
      <div className="flex h-dvh flex-col overflow-hidden bg-zinc-950 text-zinc-100">
        <TopBar />
        <div className="grid min-h-0 flex-1 grid-cols-[232px_minmax(0,1fr)_304px]">
          <Palette />
          <main className="grid min-h-0 min-w-0 grid-rows-[minmax(0,1fr)_232px]">
            <Canvas />
            <TrainingPanel />
          </main>
          <Inspector />
        </div>
      </div>
      <TemplatesDialog />
      <Toasts />
    </ReactFlowProvider>
  );
}

/** Runs on the client only: the server has no localStorage, so the first render is always the blank state. */
function useRestoreAndAutosave() {
  useEffect(() => {
    const restored = readAutosave();
    const ui = useUi.getState();
    if (restored.status === 'restored') {
      usePipeline.getState().loadDocument(restored.doc, { history: false });
      ui.requestFitView();
    } else {
      if (restored.status === 'corrupt') {
        ui.setRestoreNotice(
          `Your last autosaved pipeline could not be read (${restored.reason}), so it was not loaded. ` +
            (restored.backupKey
              ? `Its data is kept in this browser under “${restored.backupKey}”. `
              : '') +
            'Pick a template or a blank canvas to continue.',
        );
      }
      ui.setTemplatesOpen(true);
    }
    return startAutosave();
  }, []);
}

function useUndoShortcuts() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || isTypingTarget(event.target)) return;
      const key = event.key.toLowerCase();
      const { undo, redo } = usePipeline.getState();
      if (key === 'z' && !event.shiftKey) undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
