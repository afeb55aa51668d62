/** Where a command writes: the real streams in cli/pipeline.ts, strings in tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Exit codes every verb shares. */
export const exit = {
  /** Done; for validate: the pipeline compiles (warnings allowed). */
  ok: 0,
  /** validate: the pipeline has errors. */
  issues: 1,
  /** The input cannot be read or is not a pipeline, or the command line is wrong. */
  unusable: 2,
} as const;
