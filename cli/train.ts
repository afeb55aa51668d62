import { nodeNames } from '@/lib/document/node-name';
import type { RunOverrides } from '@/lib/document/run-overrides';
import { runJson, type RunJson } from '@/lib/engine/run-json';
import type { TrainResult } from '@/lib/engine/train';
import { trainInNode } from '@/lib/engine/train-in-node';
import type { DataArg } from './data-files';
import { exit, type Io } from './io';
import { prepare } from './prepare';
import { metricsText, progressBar } from './progress';

/**
 * `pipeline train <input> [--data KEY=PATH] [--epochs N] [--max-samples N] [--json]`: trains the
 * pipeline in Node on tfjs's CPU backend, through the engine the app runs, with progress on
 * stderr; a pipeline on CSV files reads them from disk (--data). stdout holds the result alone:
 * with --json exactly one JSON object (RunJson) once it trained, nothing when it could not start
 * (the exit status and stderr say why).
 */
export async function train(input: string, options: { overrides: RunOverrides; data: readonly DataArg[]; json: boolean }, io: Io): Promise<number> {
  const prepared = await prepare(input, options.overrides, { files: options.data, forRun: true }, io);
  if (!prepared.ok) return prepared.status;
  const { doc, spec, uploads } = prepared;
  const epochs = spec.training.epochs;
  const progress = progressBar(io, epochs);

  // The first Ctrl+C ends the run after the batch in progress, which still reports its result; a second one quits.
  let stopAsked = false;
  const stopListening = io.onInterrupt?.(() => {
    if (stopAsked) {
      io.quit?.(exit.interrupted);
      return;
    }
    stopAsked = true;
    progress.status('Stopping after this batch… (Ctrl+C again to quit now)');
  });
  let result: TrainResult;
  try {
    result = await trainInNode(
      spec,
      { onStatus: progress.status, onProgress: progress.batch, onEpoch: progress.epoch, shouldStop: () => stopAsked },
      nodeNames(doc),
      uploads,
    );
  } finally {
    progress.end();
    stopListening?.();
  }

  const json = runJson(result);
  if (result.outcome === 'diverged') io.err(`${result.message}\n${result.hint}\n`);
  io.out(options.json ? `${JSON.stringify(json)}\n` : summary(doc.name, result, json, epochs));
  return result.outcome === 'diverged' ? exit.diverged : exit.ok;
}

function summary(name: string, result: TrainResult, json: RunJson, epochs: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const outcome = result.outcome === 'finished' ? `finished ${plural(json.epochs, 'epoch')}` : `${result.outcome} after ${json.epochs} of ${plural(epochs, 'epoch')}`;
  const samples = `${plural(result.trainSamples, 'training sample')}, ${result.validationSamples} for validation`;
  const numbers = json.epochs > 0 ? `Last epoch: ${metricsText(json.metrics)}` : 'No epoch finished, so there are no results yet.';
  return `${name}: ${outcome} (${samples}).\n${numbers}\n`;
}
