import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Starts the slow training files first. CI has two cores and vitest runs two files at a time; on a
 * clean clone there is no timing cache, and vitest's own order (largest file first) would leave a
 * minutes-long training test to run alone at the end while the other worker sits idle.
 * Longest first, as measured (README "Results" and "Quick start" say how long each takes).
 */
const slowestFirst = [
  'digits-deep-cnn',
  'export-parity',
  'digit-cnn',
  'weather-forecast',
  'stream',
  'spam-lstm',
  'spam-transformer',
  'export-contract',
  'signal-classifier',
  'export-safety',
];

function rank(spec: TestSpecification): number {
  const at = slowestFirst.findIndex((name) => spec.moduleId.endsWith(`/${name}.test.ts`));
  return at === -1 ? slowestFirst.length : at;
}

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
