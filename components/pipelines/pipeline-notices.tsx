'use client';

import { resolveConflict, useLibrary } from '@/lib/store/library';
import { AlertIcon } from '@/components/ui/icons';

/**
 * A message that must stay until answered, unlike a toast: two tabs edited the same pipeline. It
 * sits under the top bar, over the top of the canvas. (A link or file that could not be opened is
 * told by components/share/open-error.tsx.)
 */
export function PipelineNotices() {
  const conflict = useLibrary((s) => s.conflict);
  if (!conflict) return null;
  return (
    <div className="pointer-events-none fixed top-[56px] left-1/2 z-30 flex w-[min(600px,calc(100vw-24px))] -translate-x-1/2 flex-col gap-2">
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
