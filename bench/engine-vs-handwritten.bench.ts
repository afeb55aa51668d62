/**
 * The engine against hand-written tfjs on tfjs's CPU backend in Node (bench/engine-vs-handwritten.ts
 * says how). Sizes from the environment: BENCH_SAMPLES (digits read, 20% held out), BENCH_EPOCHS,
 * BENCH_ROUNDS. Run with `npm run bench`, or alone: `npx tsx bench/engine-vs-handwritten.bench.ts`.
 */
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { cpuTf } from '@/lib/engine/train-in-node';
import { BenchSettings, compareEngineWithHandwritten } from './engine-vs-handwritten';
import { printComparisons } from './report';

const settings = BenchSettings.parse({
  samples: Number(process.env.BENCH_SAMPLES ?? 1000),
  epochs: Number(process.env.BENCH_EPOCHS ?? 2),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
});

const tf = await cpuTf();
console.log(`engine vs hand-written tfjs, tfjs CPU backend in Node (both on the engine's CPU gradient kernels)`);
const comparison = await compareEngineWithHandwritten(tf, nodeSourceReaders, settings, (line) => console.log(`  ${line}`));
printComparisons([{ where: 'Node', comparison }]);
