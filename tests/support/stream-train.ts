import { compile } from '@/lib/compile/compile';
import { trainCsvStream } from '@/lib/engine/train-stream';
import { bigCsvPipeline } from './big-csv';

/**
 * A child process for the streaming test: `node --import tsx tests/support/stream-train.ts FILE
 * ROWS` trains the generated pipeline on FILE, streamed, and prints one JSON line with the run and
 * the process's peak resident memory (what the test compares between file sizes).
 */
const [path, rows] = process.argv.slice(2);
const started = performance.now();
const result = compile(bigCsvPipeline(Number(rows)));
if (!result.ok) throw new Error(JSON.stringify(result.issues));
const notes: string[] = [];
const run = await trainCsvStream(result.spec, path, {}, {}, (line) => notes.push(line));
if (!run.ok) throw new Error(run.error.message);
const { history, trainSamples, validationSamples, testSamples, fitted } = run.result;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ maxRssMb, seconds, passes: run.passes, history, trainSamples, validationSamples, testSamples, fitted, notes })}\n`);
