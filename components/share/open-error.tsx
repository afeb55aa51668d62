'use client';

import { useOpenError } from '@/lib/store/open-error';
import { CloseIcon, ErrorIcon } from '@/components/ui/icons';

/**
 * The one "couldn't open" alert, for files and links alike: what came in, what is wrong with it,
 * what to do, and that the work on the canvas is untouched. It stays until dismissed (a toast
 * would vanish before a long hint is read) or until something else opens. Show one with
 * `useOpenError.getState().show({ testId, title, error })`.
 */
export function OpenErrorAlert() {
  const problem = useOpenError((s) => s.problem);
  const dismiss = useOpenError((s) => s.dismiss);
  if (!problem) return null;
  return (
    <div className="pointer-events-none absolute inset-x-0 top-3 z-20 flex justify-center px-3">
      <div
        role="alert"
        data-testid={problem.testId}
        data-code={problem.error.code}
        className="pointer-events-auto flex w-full max-w-[460px] gap-2.5 rounded-xl border border-red-400/40 bg-zinc-900/95 px-3.5 py-3 shadow-2xl shadow-black/50 backdrop-blur"
      >
        <ErrorIcon className="mt-0.5 shrink-0 text-red-400" width={16} height={16} />
        <div className="min-w-0 flex-1 text-[12.5px] leading-[1.45]">
          <p className="font-semibold break-words text-zinc-100 [overflow-wrap:anywhere]">{problem.title}</p>
          <p className="mt-0.5 text-zinc-300">{problem.error.message}</p>
          {problem.error.hint && <p className="mt-0.5 text-zinc-400">{problem.error.hint}</p>}
          {problem.note && <p className="mt-0.5 text-zinc-400 [overflow-wrap:anywhere]">{problem.note}</p>}
          <p className="mt-1.5 text-[11.5px] text-zinc-500">Nothing was opened; your pipeline is as it was.</p>
        </div>
        <button
          type="button"
          aria-label="Dismiss"
          data-testid={`${problem.testId}-dismiss`}
          onClick={dismiss}
          className="-mt-0.5 -mr-1 h-6 w-6 shrink-0 rounded-md text-zinc-500 hover:bg-zinc-800 hover:text-zinc-200"
        >
          <CloseIcon width={14} height={14} className="m-auto" />
        </button>
      </div>
    </div>
  );
}
