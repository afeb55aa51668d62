import { z } from 'zod';
import { PipelineSpec } from '@/lib/spec/spec';
import { BackendInfo, EpochReport } from '@/lib/engine/protocol';
import { RunResults } from '@/lib/results/types';
import { BatchPoint, Checkpoint, ModelBundle } from './model';

/**
 * A training run as it is kept: in the page while it trains, and in IndexedDB (lib/storage/runs.ts)
 * so that it can be reopened after a reload and compared with another run of the same pipeline.
 */

/** What a run left running in storage says when it is found after a reload: its page went away mid-run. */
export const closedMidRun = 'The page was closed during this run.';

export const RunStatus = z.enum(['running', 'paused', 'finished', 'stopped', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunRecord = z.object({
  id: z.string(),
  /** The pipeline in My pipelines this run belongs to; null when it was never saved there. */
  pipelineId: z.string().nullable(),
  pipelineName: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  status: RunStatus,
  /** The document it ran, raw as stored (read it with readDocument): the compare view diffs graphs. */
  doc: z.unknown(),
  spec: PipelineSpec,
  /** How the canvas named the nodes when it ran. */
  names: z.record(z.string(), z.string()),
  backend: BackendInfo.nullable(),
  history: z.array(EpochReport),
  points: z.array(BatchPoint),
  samples: z.object({ train: z.number(), validation: z.number(), test: z.number() }).nullable(),
  test: z.record(z.string(), z.number()).nullable(),
  earlyStopping: z.string().nullable(),
  results: RunResults.nullable(),
  error: z.object({ message: z.string(), hint: z.string().optional() }).nullable(),
  /** Set while paused: a reload resumes from here. */
  checkpoint: Checkpoint.nullable(),
  /**
   * Batches per epoch, from the run's progress: where a paused or stopped run stood, before its
   * sample counts (known when it ends) tell it. Absent in runs kept before it was.
   */
  batchesPerEpoch: z.number().int().min(1).optional(),
  /** The trained model, once the run ended with at least one epoch. */
  model: ModelBundle.nullable(),
});
export type RunRecord = z.infer<typeof RunRecord>;
