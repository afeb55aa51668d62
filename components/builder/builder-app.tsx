'use client';

import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from '@/components/canvas/canvas';
import { Palette } from '@/components/palette/palette';
import { TrainingPanel } from '@/components/training/training-panel';
import { RunDrawer } from '@/components/run-drawer/run-drawer';
import { TemplatesDialog } from '@/components/templates/templates-dialog';
import { SaveTemplateDialog } from '@/components/templates/save-template-dialog';
import { Toasts } from '@/components/ui/toasts';
import { PipelineNotices } from '@/components/pipelines/pipeline-notices';
import { isTypingTarget } from '@/components/ui/keyboard';
import { isDialogOpen } from '@/components/ui/use-dialog-focus';
import { HelpSheet } from '@/components/keyboard/help-sheet';
import { ConnectPicker } from '@/components/keyboard/connect-picker';
import { edgeId } from '@/lib/document/document';
import { stepHistory } from '@/lib/store/history';
import { trainPipeline } from '@/lib/store/train-pipeline';
import { startAutosave } from '@/lib/store/autosave';
import { startKeepingRuns } from '@/lib/runs/keep-runs';
import { flushSave, keepUnsavedEdit, openLinkFromAddress, startLibrary, stopLibrary } from '@/lib/store/library';
import { usePipeline } from '@/lib/store/pipeline';
import { copyNodes, duplicateNodes, pasteNodes } from '@/lib/store/clipboard';
import { useUi } from '@/lib/store/ui';
import { TopBar } from './top-bar';
import { InspectorColumn, InspectorOverlay } from './side-panels';

export function BuilderApp() {
  const [helpOpen, setHelpOpen] = useState(false);
  const [connectNode, setConnectNode] = useState<string | null>(null);
  useWindowWidth();
  useRestoreAndAutosave();
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts({ openHelp, openConnect: setConnectNode });
  return (
    <ReactFlowProvider>
      <div className="flex h-dvh flex-col overflow-hidden bg-zinc-950 text-zinc-100">
        <TopBar onOpenHelp={openHelp} />
        <div className="grid min-h-0 flex-1 grid-cols-[auto_minmax(0,1fr)_auto]">
          <Palette />
          {/* A short window gives the training panel a little less height, the canvas the rest. */}
          <main className="grid min-h-0 min-w-0 grid-rows-[minmax(0,1fr)_232px] [@media(max-height:780px)]:grid-rows-[minmax(0,1fr)_200px]">
            <div className="relative min-h-0 min-w-0">
              <Canvas />
              <InspectorOverlay />
            </div>
            <TrainingPanel />
          </main>
          <InspectorColumn />
        </div>
      </div>
      <TemplatesDialog />
      <SaveTemplateDialog />
      <RunDrawer />
      <HelpSheet open={helpOpen} onClose={() => setHelpOpen(false)} />
      {connectNode && <ConnectPicker key={connectNode} nodeId={connectNode} onClose={() => setConnectNode(null)} />}
      <PipelineNotices />
      <Toasts />
    </ReactFlowProvider>
  );
}

/**
 * The window's width and the remembered panel choices decide which side panels are open. Read
 * before the first paint, so a narrow window never flashes both panels open.
 */
function useWindowWidth() {
  useLayoutEffect(() => {
    const { restorePanelChoices, setWindowWidth } = useUi.getState();
    restorePanelChoices();
    const measure = () => setWindowWidth(window.innerWidth);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
}

/**
 * Runs on the client only (the server has no storage, so the first render is always the blank
 * state): opens My pipelines, autosaves the open one, opens links pasted into the address bar.
 */
function useRestoreAndAutosave() {
  useEffect(() => {
    void startLibrary();
    const stopKeepingRuns = startKeepingRuns();
    const stopAutosave = startAutosave(() => void flushSave());
    const onHash = () => void openLinkFromAddress();
    window.addEventListener('hashchange', onHash);
    window.addEventListener('pagehide', keepUnsavedEdit);
    return () => {
      stopAutosave();
      stopKeepingRuns();
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('pagehide', keepUnsavedEdit);
      stopLibrary();
    };
  }, []);
}

/**
 * The app-wide shortcuts (the help sheet lists them all, from components/ui/keyboard.ts). The
 * palette owns "/" and its arrows; React Flow owns Delete and Backspace.
 */
function useShortcuts({ openHelp, openConnect }: { openHelp: () => void; openConnect: (nodeId: string) => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || isDialogOpen()) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const { toast } = useUi.getState();
      // Ctrl/Cmd+Enter types nothing, so it trains from any field, as it submits a form elsewhere.
      if (mod && key === 'enter') {
        event.preventDefault();
        const run = trainPipeline();
        if (!run.started) toast({ tone: 'error', title: 'Cannot train yet', detail: run.reason });
        return;
      }
      if (isTypingTarget(event.target)) return;
      const { select, doc, selection } = usePipeline.getState();
      if (mod) {
        if (key === 'z' && !event.shiftKey) stepHistory('undo');
        else if ((key === 'z' && event.shiftKey) || key === 'y') stepHistory('redo');
        else if (key === 'a' && !event.shiftKey) select({ nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map(edgeId) });
        // Ctrl/Cmd+D would bookmark the page; on the canvas it duplicates. (C and V come as copy and paste events, below.)
        else if (key === 'd' && !event.shiftKey) {
          if (duplicateNodes() === 0) toast({ kind: 'clipboard', tone: 'info', title: 'Select nodes to duplicate' });
        } else return;
      } else if (event.key === '?') {
        openHelp();
      } else if (event.key === 'T' && event.shiftKey) {
        useUi.getState().requestTidy();
      } else if (key === 'c' && !event.shiftKey) {
        if (selection.nodes.length === 1) openConnect(selection.nodes[0]);
        else
          toast({
            tone: 'info',
            title: 'Select one node to connect',
            detail: 'Click the node that should receive data, then press C to pick the source of one of its inputs.',
          });
      } else return;
      event.preventDefault();
    };
    // Copy and paste go through the browser's own events, which read and write the system clipboard
    // without asking for a permission; in a text field, or with text selected, they stay the browser's.
    const onCopy = (event: ClipboardEvent) => {
      const textSelection = window.getSelection();
      if (isDialogOpen() || isTypingTarget(event.target) || (textSelection && !textSelection.isCollapsed)) return;
      const copied = copyNodes((text) => event.clipboardData?.setData('text/plain', text));
      if (copied === 0) return;
      event.preventDefault();
      useUi.getState().toast({ kind: 'clipboard', tone: 'info', title: `Copied ${copied} node${copied === 1 ? '' : 's'}` });
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isDialogOpen() || isTypingTarget(event.target)) return;
      event.preventDefault();
      const text = event.clipboardData?.getData('text/plain');
      if (pasteNodes(text) === 0 && text) {
        useUi.getState().toast({
          kind: 'clipboard',
          tone: 'info',
          title: 'Nothing to paste',
          detail: 'The clipboard holds no pipeline nodes. Select nodes on a canvas and copy them first.',
        });
      }
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [openHelp, openConnect]);
}
