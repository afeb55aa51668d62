import { nodeNames } from '@/lib/document/node-name';
import type { RunOverrides } from '@/lib/document/run-overrides';
import { runJson, type RunJson } from '@/lib/engine/run-json';
import { existsSync, statSync } from 'node:fs';
import type { PipelineDocument } from '@/lib/document/document';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { TrainCallbacks, TrainResult } from '@/lib/engine/train';
import { STREAM_ABOVE_BYTES, streamChoice, trainCsvStream } from '@/lib/engine/train-stream';
import { trainInNode } from '@/lib/engine/train-in-node';
import { csvNodesOf, matchDataArgs, type DataArg } from './data-files';
import { exit, type Io } from './io';
import { prepare } from './prepare';
import { metricsText, progressBar } from './progress';
import { modelDirProblem, saveModel, streamedSaveNote } from './save-model';

export interface TrainArgs {
  overrides: RunOverrides;
  data: readonly DataArg[];
  stream: boolean;
  json: boolean;
  /** --save-model DIR: where to write the trained model (lib/runs/model-files.ts). */
  saveModel?: string;
}

/**
 * `pipeline train <input> [--data KEY=PATH] [--stream] [--epochs N] [--max-samples N] [--json] [--save-model DIR]`: trains the
 * pipeline in Node on tfjs's CPU backend, through the engine the app runs, with progress on
 * stderr; a pipeline on CSV files reads them from disk (--data). stdout holds the result alone:
 * with --json exactly one JSON object (RunJson) once it trained, nothing when it could not start
 * (the exit status and stderr say why).
 */
export async function train(input: string, options: TrainArgs, io: Io): Promise<number> {
  const dirProblem = options.saveModel === undefined ? undefined : modelDirProblem(options.saveModel);
  if (dirProblem) {
    io.err(`${dirProblem}\n`);
    return exit.unusable;
  }
  const streamed = await streamedRun(input, options, io);
  if (streamed.decided) return streamed.status;
  const prepared = await prepare(input, options.overrides, { files: options.data, forRun: true }, io);
  if (!prepared.ok) return prepared.status;
  const { doc, spec, uploads } = prepared;
  return run(doc, spec, options, io, (callbacks) => trainInNode(spec, callbacks, nodeNames(doc), uploads, { keepModel: options.saveModel !== undefined }));
}

/**
 * A big file (or --stream) trains without holding its rows: the pipeline is compiled with the
 * columns its CSV file node already knows (reading the file for them would hold every row), and
 * the file is streamed (lib/engine/train-stream.ts). `decided: false` means train as usual:
 * nothing to stream, or a step needs every row at once (stderr says which).
 */
async function streamedRun(
  input: string,
  options: TrainArgs,
  io: Io,
): Promise<{ decided: true; status: number } | { decided: false }> {
  const existing = options.data.filter((arg) => existsSync(arg.path));
  const big = existing.some((arg) => statSync(arg.path).size > STREAM_ABOVE_BYTES);
  if (!(options.stream || big) || existing.length !== 1 || options.data.length !== 1) {
    if (options.stream && options.data.length !== 1) io.err('--stream reads one CSV file: give exactly one --data. Training in memory instead.\n');
    return { decided: false };
  }
  const prepared = await prepare(input, options.overrides, { files: [], forRun: false }, io);
  if (!prepared.ok) return { decided: true, status: prepared.status };
  const { doc, spec } = prepared;
  const matched = matchDataArgs(csvNodesOf(doc), options.data);
  if (!matched.ok) {
    io.err(`${matched.problem.message}\n${matched.problem.hint}\n`);
    return { decided: true, status: exit.unusable };
  }
  const path = [...matched.paths.values()][0];
  const names = nodeNames(doc);
  const choice = streamChoice(spec, path, options.stream, names);
  if (choice.note) io.err(`${choice.note}\n`);
  if (!choice.stream) return { decided: false };
  if (options.saveModel !== undefined && spec.data.split) io.err(`${streamedSaveNote}\n`);
  let problem: string | undefined;
  const status = await run(doc, spec, options, io, async (callbacks) => {
    const streamedRun = await trainCsvStream(spec, path, callbacks, names, (line) => io.err(`${line}\n`), { keepModel: options.saveModel !== undefined });
    if (streamedRun.ok) return streamedRun.result;
    problem = streamedRun.error.message;
    return undefined;
  });
  if (problem !== undefined) {
    io.err(`${path} cannot be streamed: ${problem}\nFix the file, or pick it again on the CSV file node in the app so the pipeline learns its columns.\n`);
    return { decided: true, status: exit.unusable };
  }
  return { decided: true, status };
}

/**
 * Trains with a progress bar on stderr and the result on stdout, then saves the model when asked;
 * `start` returns undefined when the data could not be used (its caller says why).
 */
async function run(
  doc: PipelineDocument,
  spec: PipelineSpec,
  options: Pick<TrainArgs, 'json' | 'saveModel'>,
  io: Io,
  start: (callbacks: TrainCallbacks) => Promise<TrainResult | undefined>,
): Promise<number> {
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
  let result: TrainResult | undefined;
  try {
    result = await start({ onStatus: progress.status, onProgress: progress.batch, onEpoch: progress.epoch, shouldStop: () => stopAsked });
  } finally {
    progress.end();
    stopListening?.();
  }
  if (!result) return exit.unusable;

  const json = runJson(result);
  if (result.outcome === 'diverged') io.err(`${result.message}\n${result.hint}\n`);
  io.out(options.json ? `${JSON.stringify(json)}\n` : summary(doc.name, result, json, epochs));
  const saved = options.saveModel === undefined || (await saveModel(options.saveModel, spec, result, io));
  if (result.outcome === 'diverged') return exit.diverged;
  return saved ? exit.ok : exit.unusable;
}

function summary(name: string, result: TrainResult, json: RunJson, epochs: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const outcome = result.outcome === 'finished' ? `finished ${plural(json.epochs, 'epoch')}` : `${result.outcome} after ${json.epochs} of ${plural(epochs, 'epoch')}`;
  const samples = `${plural(result.trainSamples, 'training sample')}, ${result.validationSamples} for validation`;
  const numbers = json.epochs > 0 ? `Last epoch: ${metricsText(json.metrics)}` : 'No epoch finished, so there are no results yet.';
  return `${name}: ${outcome} (${samples}).\n${numbers}\n`;
}
