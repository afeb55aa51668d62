import { median, type Comparison } from './engine-vs-handwritten';

/** The comparisons as one table: a ratio of 1.0 means the engine is as fast as hand-written tfjs, below 1.0 faster. */
export function printComparisons(rows: { where: string; comparison: Comparison }[]): void {
  const table = rows.map(({ where, comparison: c }) => ({
    where,
    backend: c.backend,
    'train rows': c.trainSamples,
    epochs: c.settings.epochs,
    batch: c.batchSize,
    rounds: c.settings.rounds,
    'engine s (median)': median(c.engineSeconds).toFixed(2),
    'hand-written s (median)': median(c.handwrittenSeconds).toFixed(2),
    'ratio engine/hand': c.ratio.toFixed(2),
    'CPU-time ratio': c.cpuRatio?.toFixed(2) ?? '–',
    'chart points/batches (posts)': `${c.pointsPerRun}/${Math.ceil(c.trainSamples / c.batchSize) * c.settings.epochs} (${c.postsPerRun})`,
    'val acc engine/hand': `${c.engineValAccuracy.toFixed(2)}/${c.handwrittenValAccuracy.toFixed(2)}`,
  }));
  console.table(table);
  console.log('ratio = engine time / hand-written time: the median of each round\'s ratio (its two runs back to back); 1.00 or less means the engine is not slower.');
  console.log('CPU-time ratio (Node): the same of the CPU time each run used, which another job on the machine does not inflate.');
}
