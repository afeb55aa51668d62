/** Where a command writes and how it hears Ctrl+C: the real process in cli/pipeline.ts, strings and calls in tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Set when stderr is a terminal: progress is then redrawn in place, within this many columns. */
  errTerminal?: { columns: number };
  /**
   * Ctrl+C: while subscribed, each SIGINT calls `listener` instead of ending the process. Returns
   * the unsubscribe. Absent where nothing can interrupt (tests that do not simulate it).
   */
  onInterrupt?: (listener: () => void) => () => void;
  /** Ends the process now with `status`, without waiting for work in progress (a second Ctrl+C). */
  quit?: (status: number) => void;
}

/** Exit codes every verb shares. */
export const exit = {
  /** Done; for validate: the pipeline compiles (warnings allowed); for train: finished or stopped. */
  ok: 0,
  /** The pipeline has errors (validate reports them; train and export refuse to run it). */
  issues: 1,
  /** The input cannot be read or is not a pipeline, or the command line is wrong. */
  unusable: 2,
  /** train: the loss stopped being a number; the reason and the fix are on stderr. */
  diverged: 3,
  /** Something failed while running (a bug, or a damaged dataset file): the message says what. */
  failed: 4,
  /** A second Ctrl+C: quit without waiting for the batch (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;
