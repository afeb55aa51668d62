'use client';

/** Placeholder while the ResultsView tab is being built (issue 10); replaced before the issue closes. */
export function ResultsView() {
  return <p className="text-[13px] text-zinc-400">Not built yet.</p>;
}
