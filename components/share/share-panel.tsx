'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { linkLengthNote, shareLink } from '@/lib/files/share-link';
import { usePipeline } from '@/lib/store/pipeline';
import { useDialogFocus } from '@/components/ui/use-dialog-focus';
import { formatKeys, useIsMac } from '@/components/ui/keyboard';
import { AlertIcon, CheckIcon, CopyIcon, DownloadIcon, ShareIcon } from '@/components/ui/icons';
import { CloseButton } from '@/components/ui/modal';
import { downloadPipelineFile } from './pipeline-files';

type CopyState = 'idle' | 'copied' | 'blocked';

/** The Share button in the top bar and the panel it opens under itself. */
export function ShareButton() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        data-testid="share-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        title="Share a link to this pipeline"
        className="flex h-8 items-center gap-1.5 rounded-lg bg-indigo-500 px-3 text-[12.5px] font-semibold text-white shadow-sm shadow-indigo-950 hover:bg-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-300"
      >
        <ShareIcon width={14} height={14} />
        Share
      </button>
      {open && <SharePanel anchor={button} onClose={() => setOpen(false)} />}
    </div>
  );
}

function SharePanel({ anchor, onClose }: { anchor: React.RefObject<HTMLButtonElement | null>; onClose: () => void }) {
  const doc = usePipeline((s) => s.doc);
  const field = useRef<HTMLInputElement>(null);
  const panel = useDialogFocus(true, onClose, { initialFocus: field });
  const mac = useIsMac();
  // The page's own address, so the link opens this very app wherever it is served from.
  const result = useMemo(() => shareLink(doc, window.location.origin + window.location.pathname), [doc]);
  const link = result.ok ? result.link : '';
  const [copy, setCopy] = useState<CopyState>('idle');

  // A changed pipeline makes a new link: "Copied" was about the old one.
  useEffect(() => setCopy('idle'), [link]);
  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  // A click anywhere else closes the panel, as a menu does; the Share button toggles it itself.
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (panel.current?.contains(target) || anchor.current?.contains(target)) return;
      onClose();
    };
    window.addEventListener('pointerdown', onPointer, true);
    return () => window.removeEventListener('pointerdown', onPointer, true);
  }, [panel, anchor, onClose]);

  const copyLink = async () => {
    try {
      // Missing outside secure pages (plain http on another machine), refused when a browser blocks it.
      await navigator.clipboard.writeText(link);
      setCopy('copied');
    } catch {
      setCopy('blocked');
      field.current?.focus();
      field.current?.select();
    }
  };

  const lengthNote = result.ok ? linkLengthNote(link.length) : null;

  return (
    <div
      ref={panel}
      role="dialog"
      aria-labelledby="share-title"
      aria-describedby="share-what"
      tabIndex={-1}
      data-testid="share-panel"
      className="nokey absolute top-full right-0 z-40 mt-2 w-[400px] max-w-[calc(100vw-1.5rem)] rounded-xl border border-zinc-700 bg-zinc-925 p-4 shadow-2xl shadow-black/60 outline-none"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="flex items-center gap-2">
          <ShareIcon width={15} height={15} className="text-indigo-300" />
          <h2 id="share-title" className="text-[14px] font-semibold text-zinc-50">
            Share this pipeline
          </h2>
        </div>
        <CloseButton onClick={onClose} size="sm" className="-mt-1 -mr-1" />
      </div>
      <p id="share-what" className="mt-1.5 text-[12.5px] leading-[1.45] text-zinc-400">
        The whole pipeline is inside the link; nothing is sent to a server. Anyone who opens it gets their own copy.
      </p>

      {result.ok ? (
        <>
          <div className="mt-3 flex gap-2">
            <input
              ref={field}
              readOnly
              aria-label="Link to this pipeline"
              data-testid="share-link"
              value={link}
              onFocus={(e) => {
                e.currentTarget.select();
                // Selecting scrolls to the end; the start says what the link is (this app's address).
                e.currentTarget.scrollLeft = 0;
              }}
              className="h-8 min-w-0 flex-1 rounded-lg border border-zinc-700 bg-zinc-900 px-2.5 font-mono text-[12px] text-zinc-200 focus:border-indigo-500 focus:outline-none"
            />
            <button
              type="button"
              data-testid="share-copy"
              data-state={copy}
              onClick={copyLink}
              className="flex h-8 w-[92px] shrink-0 items-center justify-center gap-1.5 rounded-lg bg-indigo-500 text-[12.5px] font-semibold text-white hover:bg-indigo-400"
            >
              {copy === 'copied' ? <CheckIcon width={14} height={14} /> : <CopyIcon width={14} height={14} />}
              {copy === 'copied' ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p aria-live="polite" className="empty:hidden">
            {copy === 'copied' && <span className="sr-only">Link copied to the clipboard.</span>}
            {copy === 'blocked' && (
              <span data-testid="share-copy-blocked" className="mt-2 block text-[12px] leading-[1.45] text-amber-200">
                This browser did not let the app copy. The link is selected: press {formatKeys(['Mod', 'C'], mac)} to copy it.
              </span>
            )}
          </p>
          {lengthNote && (
            <p data-testid="share-length" className="mt-2 text-[12px] leading-[1.45] text-zinc-500">
              {lengthNote}
            </p>
          )}
          <div className="mt-3.5 flex items-center justify-between gap-3 border-t border-zinc-800 pt-3">
            <p className="text-[12px] text-zinc-500">Or send it as a file.</p>
            <DownloadButton onClick={() => downloadPipelineFile(doc)} />
          </div>
        </>
      ) : (
        <div data-testid="share-too-big" role="alert" className="mt-3 rounded-lg border border-amber-400/30 bg-amber-400/10 px-3 py-2.5">
          <div className="flex gap-2">
            <AlertIcon className="mt-0.5 shrink-0 text-amber-400" width={15} height={15} />
            <div className="text-[12.5px] leading-[1.45]">
              <p className="text-amber-100">{result.error.message}</p>
              <p className="mt-0.5 text-amber-100/70">{result.error.hint}</p>
            </div>
          </div>
          <div className="mt-2.5 flex justify-end">
            <DownloadButton onClick={() => downloadPipelineFile(doc)} />
          </div>
        </div>
      )}
    </div>
  );
}

function DownloadButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      data-testid="share-download"
      onClick={onClick}
      className="flex h-8 shrink-0 items-center gap-1.5 rounded-lg border border-zinc-700 bg-zinc-900 px-3 text-[12.5px] font-medium text-zinc-200 hover:bg-zinc-800"
    >
      <DownloadIcon width={14} height={14} />
      Download file
    </button>
  );
}
