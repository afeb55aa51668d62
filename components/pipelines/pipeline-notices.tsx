'use client';

import { dismissLinkError, resolveConflict, useLibrary } from '@/lib/store/library';
import { AlertIcon, CloseIcon, ErrorIcon } from '@/components/ui/icons';

/**
 * Messages that must stay until answered, unlike a toast: a link that could not be opened, and
 * two tabs that edited the same pipeline. They sit under the top bar, over the top of the canvas.
 */
export function PipelineNotices() {
  const linkError = useLibrary((s) => s.linkError);
  const conflict = useLibrary((s) => s.conflict);
  if (!linkError && !conflict) return null;
  return (
    <div className="pointer-events-none fixed top-[56px] left-1/2 z-30 flex w-[min(600px,calc(100vw-24px))] -translate-x-1/2 flex-col gap-2">
      {linkError && (
        <div
          role="alert"
          data-testid="link-error"
          data-code={linkError.code}
          className="pointer-events-auto flex gap-3 rounded-xl border border-red-400/40 bg-zinc-900/95 px-4 py-3 shadow-2xl shadow-black/50 backdrop-blur"
        >
          <ErrorIcon width={18} height={18} className="mt-0.5 shrink-0 text-red-400" />
          <div className="min-w-0 flex-1">
            <p className="text-[13.5px] font-semibold text-zinc-50">The link could not be opened</p>
            <p className="mt-1 text-[13px] leading-[1.5] text-zinc-200">{linkError.message}</p>
            <p className="mt-0.5 text-[13px] leading-[1.5] text-zinc-400">{linkError.hint}</p>
            <p className="mt-1.5 text-[12px] text-zinc-500">Nothing was opened; your pipelines are as they were.</p>
          </div>
          <button
            type="button"
            aria-label="Dismiss"
            data-testid="link-error-dismiss"
            onClick={dismissLinkError}
            className="-mt-1 -mr-1.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-800 hover:text-zinc-200"
          >
            <CloseIcon width={15} height={15} />
          </button>
        </div>
      )}
      {conflict && (
        <div
          role="alert"
          data-testid="tab-conflict"
          className="pointer-events-auto flex gap-3 rounded-xl border border-amber-400/40 bg-zinc-900/95 px-4 py-3 shadow-2xl shadow-black/50 backdrop-blur"
        >
          <AlertIcon width={18} height={18} className="mt-0.5 shrink-0 text-amber-400" />
          <div className="min-w-0 flex-1">
            <p className="text-[13.5px] font-semibold text-zinc-50">“{conflict.name}” was also changed in another tab</p>
            <p className="mt-1 text-[13px] leading-[1.5] text-zinc-300">
              Your edits here are not saved yet, so that neither version overwrites the other. Choose which to keep:
            </p>
            <div className="mt-2.5 flex flex-wrap gap-2">
              <button
                type="button"
                data-testid="conflict-load-theirs"
                onClick={() => void resolveConflict('theirs')}
                className="h-8 rounded-lg border border-zinc-700 bg-zinc-800 px-3 text-[12.5px] font-medium text-zinc-100 hover:bg-zinc-700"
              >
                Load the other tab’s version
              </button>
              <button
                type="button"
                data-testid="conflict-keep-mine"
                onClick={() => void resolveConflict('copy')}
                className="h-8 rounded-lg bg-indigo-500 px-3 text-[12.5px] font-semibold text-white hover:bg-indigo-400"
              >
                Keep mine as a copy
              </button>
            </div>
            <p className="mt-2 text-[12px] text-zinc-500">Loading theirs keeps your edits in Undo; keeping yours adds it to My pipelines beside theirs.</p>
          </div>
        </div>
      )}
    </div>
  );
}
