import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { cpuTf } from '@/lib/engine/train-in-node';
import { compareEngineWithHandwritten, type BenchSettings, type Comparison } from './engine-vs-handwritten';

/**
 * The engine against hand-written tfjs on tfjs's CPU backend in Node (bench/engine-vs-handwritten.ts
 * says how); `npm run bench` runs it (bench/all.bench.ts).
 */
export async function compareOnNodeCpu(settings: BenchSettings, log: (line: string) => void): Promise<Comparison> {
  const tf = await cpuTf();
  log(
    'Node, tfjs CPU backend: the hand-written model runs on the engine\'s CPU kernels too (registered before either trains); ' +
      'its tf.train.adam updates op by op, the engine\'s Adam (lib/engine/fused-adam.ts) in one pass',
  );
  const cpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  return compareEngineWithHandwritten(tf, nodeSourceReaders, settings, (line) => log(`  cpu: ${line}`), cpuSeconds);
}
