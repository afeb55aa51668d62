'use client';

import { useEffect } from 'react';
import { useUi } from '@/lib/store/ui';
import { CloseIcon, ErrorIcon } from './icons';

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismissToast);
  const newest = toasts[toasts.length - 1]?.id;
  useEffect(() => {
    if (newest === undefined) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) dismiss(newest);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [newest, dismiss]);
  // Over the bottom of the inspector column, never over the canvas: a message must not hide a node.
  return (
    <div
      aria-live="polite"
      data-testid="toasts"
      className="pointer-events-none fixed right-2 bottom-2 z-50 flex w-[288px] flex-col gap-2"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          data-testid="toast"
          role="status"
          data-tone={t.tone}
          data-kind={t.kind}
          className="toast-in pointer-events-auto flex gap-2.5 rounded-xl border border-zinc-700 bg-zinc-900/95 px-3.5 py-3 shadow-2xl shadow-black/50 backdrop-blur"
        >
          {t.tone === 'error' && <ErrorIcon className="mt-0.5 shrink-0 text-red-400" width={16} height={16} />}
          <div className="min-w-0 flex-1">
            <p className="text-[13px] font-semibold text-zinc-100">{t.title}</p>
            {t.detail && <p className="mt-0.5 text-[12.5px] leading-[1.45] text-zinc-400">{t.detail}</p>}
          </div>
          <button
            type="button"
            aria-label="Dismiss"
            data-testid="toast-dismiss"
            onClick={() => dismiss(t.id)}
            className="-mt-0.5 -mr-1 h-6 w-6 shrink-0 rounded-md text-zinc-500 hover:bg-zinc-800 hover:text-zinc-200"
          >
            <CloseIcon width={14} height={14} className="m-auto" />
          </button>
        </div>
      ))}
    </div>
  );
}
