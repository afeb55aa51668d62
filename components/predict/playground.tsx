'use client';

/** Placeholder while the Playground tab is being built (issue 10); replaced before the issue closes. */
export function Playground() {
  return <p className="text-[13px] text-zinc-400">Not built yet.</p>;
}
