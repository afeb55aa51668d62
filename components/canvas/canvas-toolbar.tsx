'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { Panel, useReactFlow, useStoreApi, type Handle } from '@xyflow/react';
import { estimatedNodeBox, type NodeBox } from '@/lib/layout/node-box';
import { tidyLayout } from '@/lib/layout/tidy';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { formatKeys, keys, useIsMac } from '@/components/ui/keyboard';
import { ImageIcon, LayoutIcon, SpinnerIcon } from '@/components/ui/icons';
import { downloadGraphPicture, type PictureFormat } from './picture';

/** The canvas's zoom buttons take this much room at its bottom-left corner; the toolbar sits beside them. */
const besideControls = 127;

const buttonClass =
  'flex h-[26px] items-center gap-1.5 px-2.5 text-[12px] font-medium text-zinc-200 hover:bg-zinc-800 hover:text-white aria-busy:cursor-progress disabled:cursor-not-allowed disabled:text-zinc-500 disabled:hover:bg-transparent';

/**
 * Actions on the whole graph, beside the zoom buttons: tidy the layout, download a picture. Both
 * need the measured nodes, so they live inside the canvas.
 */
export function CanvasToolbar() {
  const empty = usePipeline((s) => s.doc.nodes.length === 0);
  const tidyRequest = useUi((s) => s.tidyRequest);
  const mac = useIsMac();
  const { getInternalNode, getNodes } = useReactFlow();
  const flowStore = useStoreApi();
  const [busy, setBusy] = useState<'tidy' | 'picture' | null>(null);
  const working = useRef(false);

  const tidy = useCallback(async () => {
    const { doc } = usePipeline.getState();
    const { toast, requestFitView } = useUi.getState();
    if (doc.nodes.length === 0 || working.current) return;
    working.current = true;
    setBusy('tidy');
    try {
      const boxes: Record<string, NodeBox> = {};
      for (const node of doc.nodes) {
        const internal = getInternalNode(node.id);
        const { width, height } = internal?.measured ?? {};
        if (!internal || !width || !height) continue;
        const estimate = estimatedNodeBox(node);
        const centres = (handles: Handle[] | null | undefined) =>
          Object.fromEntries((handles ?? []).flatMap((h) => (h.id ? [[h.id, h.y + h.height / 2]] : [])));
        boxes[node.id] = {
          width,
          height,
          inputs: { ...estimate.inputs, ...centres(internal.internals.handleBounds?.target) },
          outputs: { ...estimate.outputs, ...centres(internal.internals.handleBounds?.source) },
        };
      }
      const { width, height } = flowStore.getState();
      const positions = await tidyLayout(doc, boxes, { view: { width, height } });
      // An edit made while the layout was worked out wins over it.
      if (usePipeline.getState().doc !== doc) return;
      const moved = doc.nodes.some((n) => positions[n.id] && (positions[n.id].x !== n.position.x || positions[n.id].y !== n.position.y));
      if (moved) {
        usePipeline.getState().breakCoalescing();
        usePipeline.getState().moveNodes(positions);
      } else {
        toast({ kind: 'tidy', tone: 'info', title: 'The layout is already tidy' });
      }
      requestFitView();
    } catch {
      toast({ kind: 'tidy', tone: 'error', title: 'Could not tidy the layout', detail: 'Nothing was moved. Try again, or reload the page if it keeps failing.' });
    } finally {
      working.current = false;
      setBusy(null);
    }
  }, [getInternalNode, flowStore]);

  useEffect(() => {
    if (tidyRequest > 0) void tidy();
  }, [tidyRequest, tidy]);

  const picture = useCallback(
    async (format: PictureFormat) => {
      if (working.current) return;
      working.current = true;
      setBusy('picture');
      try {
        await downloadGraphPicture(format, getNodes());
      } catch {
        useUi.getState().toast({ kind: 'picture', tone: 'error', title: 'Could not make the picture', detail: 'Try again, or try the other format.' });
      } finally {
        working.current = false;
        setBusy(null);
      }
    },
    [getNodes],
  );

  return (
    <Panel position="bottom-left" style={{ marginLeft: besideControls }} aria-label="Canvas actions" role="toolbar">
      <div className="flex items-center overflow-visible rounded-[10px] border border-zinc-800 bg-zinc-900 shadow-[0_4px_16px_rgba(0,0,0,0.4)]">
        <button
          type="button"
          data-testid="tidy-layout"
          className={`${buttonClass} rounded-l-[10px]`}
          disabled={empty}
          // Busy is not disabled: a disabled button would drop the keyboard focus.
          aria-disabled={busy !== null}
          aria-busy={busy === 'tidy'}
          title={empty ? 'The canvas is empty' : `Lay the graph out left to right (${formatKeys(keys.tidy, mac)}); undo puts it back`}
          onClick={() => void tidy()}
        >
          {busy === 'tidy' ? <SpinnerIcon width={14} height={14} className="animate-spin" /> : <LayoutIcon width={14} height={14} />}
          {busy === 'tidy' ? 'Tidying…' : 'Tidy layout'}
        </button>
        <span className="h-4 w-px bg-zinc-800" aria-hidden="true" />
        <PictureMenu disabled={empty} busy={busy} onPick={(format) => void picture(format)} />
      </div>
    </Panel>
  );
}

/** "Download picture" and its two formats, opening upwards from the bottom of the canvas. */
function PictureMenu({ disabled, busy, onPick }: { disabled: boolean; busy: 'tidy' | 'picture' | null; onPick: (format: PictureFormat) => void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const close = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  const onMenuKey = (event: React.KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };

  const pick = (format: PictureFormat) => {
    setOpen(false);
    button.current?.focus();
    onPick(format);
  };

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        data-testid="download-picture"
        className={`${buttonClass} rounded-r-[10px]`}
        disabled={disabled}
        aria-disabled={busy !== null}
        aria-busy={busy === 'picture'}
        aria-haspopup="menu"
        aria-expanded={open}
        title="Download a picture of the whole graph, for slides and documents"
        onClick={() => busy === null && setOpen((o) => !o)}
      >
        {busy === 'picture' ? <SpinnerIcon width={14} height={14} className="animate-spin" /> : <ImageIcon width={14} height={14} />}
        {busy === 'picture' ? 'Drawing…' : 'Download picture'}
      </button>
      {open && (
        <div
          ref={menu}
          role="menu"
          aria-label="Picture format"
          data-testid="picture-menu"
          onKeyDown={onMenuKey}
          className="absolute bottom-full left-0 mb-2 w-56 rounded-xl border border-zinc-700 bg-zinc-900 p-1 shadow-2xl shadow-black/60"
        >
          <MenuItem format="png" title="PNG image" detail="For slides and chats" onPick={pick} />
          <MenuItem format="svg" title="SVG image" detail="Sharp at any size, for documents" onPick={pick} />
        </div>
      )}
    </div>
  );
}

function MenuItem({ format, title, detail, onPick }: { format: PictureFormat; title: string; detail: string; onPick: (format: PictureFormat) => void }) {
  return (
    <button
      type="button"
      role="menuitem"
      data-testid={`picture-${format}`}
      className="flex w-full flex-col items-start rounded-lg px-2.5 py-1.5 text-left hover:bg-zinc-800 focus:bg-zinc-800 focus:outline-none"
      onClick={() => onPick(format)}
    >
      <span className="text-[12.5px] font-medium text-zinc-100">{title}</span>
      <span className="text-[11px] text-zinc-400">{detail}</span>
    </button>
  );
}
