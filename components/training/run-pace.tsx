'use client';

import { paceLine } from '@/lib/training/pace';
import { useTraining } from '@/lib/store/training';

/** How fast the run goes and how long it has left, under its progress bar: "1,240 samples/s · 0:42 elapsed · about 1:10 left". */
export function RunPace() {
  const pace = useTraining((s) => s.pace);
  if (!pace) return null;
  const line = paceLine(pace);
  return (
    <p data-testid="run-pace" title={line} className="mt-0.5 truncate text-[11px] text-zinc-500 tabular-nums">
      {line}
    </p>
  );
}
