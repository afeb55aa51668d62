import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrainResult } from '@/lib/engine/train';
import { cpuTf } from '@/lib/engine/train-in-node';
import { bundleFiles, modelBundle, preprocessingOf } from '@/lib/runs/model-files';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { Io } from './io';

/**
 * `pipeline train --save-model DIR`: the trained model in the tfjs format with its fitted
 * preprocessing (lib/runs/model-files.ts), the same three files the app's "Download model" zips.
 */

/** Said when a streamed run saves its model: its split is not the one an exported project's predict.ts makes again. */
export const streamedSaveNote =
  'The model is saved from a streamed run, whose split (a hash of each row\'s number) is not the in-memory one: an exported project\'s `npm run predict` scores the rows the in-memory split holds out, so its numbers come close to this run\'s, not equal.';

/** Why DIR cannot take the model, before a run spends minutes on it; undefined when it can (it may not exist yet). */
export function modelDirProblem(dir: string): string | undefined {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    return `--save-model ${dir} is a file, not a folder: give a folder to write model.json, weights.bin and preprocessing.json into (it is created when missing).`;
  }
  return undefined;
}

/**
 * Writes the run's model into `dir` (created when missing) and says where on stderr. A run
 * without a usable model (no whole epoch, or diverged) writes nothing and says why. Returns false
 * when the files could not be written.
 */
export async function saveModel(dir: string, spec: PipelineSpec, result: TrainResult, io: Io): Promise<boolean> {
  const model = result.model;
  try {
    if (result.outcome === 'diverged') {
      io.err(`The model was not saved to ${dir}: training diverged, so its weights are not numbers worth keeping.\n`);
      return true;
    }
    if (result.history.length === 0 || !model) {
      io.err(`The model was not saved to ${dir}: no epoch finished, so there is no trained model yet.\n`);
      return true;
    }
    const files = bundleFiles(await modelBundle(await cpuTf(), model, preprocessingOf(spec, result.fitted, result.ranges)));
    try {
      mkdirSync(dir, { recursive: true });
      for (const file of files) writeFileSync(join(dir, file.name), file.bytes);
    } catch (error) {
      io.err(`The model could not be written to ${dir}: ${error instanceof Error ? error.message : String(error)}. Check that the folder can be written, or give another with --save-model.\n`);
      return false;
    }
    io.err(`Saved the model to ${resolve(dir)}: ${files.map((f) => f.name).join(', ')}.\n`);
    return true;
  } finally {
    model?.dispose();
  }
}
