import { expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { trainInNode } from '@/lib/engine/train-in-node';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { setParams } from '../support/pipeline';

/**
 * Reproducible: the same document, data and seed give the same numbers on the same backend, to
 * the last bit: the split, the weights' initial values and every epoch's shuffle come from the
 * run seed (lib/engine/random.ts), never Math.random. The iris MLP (quick: three runs fit well in
 * a test's time), with test rows so that the after-training measurement is compared too.
 */
function irisRun(seed: number) {
  const doc = setParams(setParams(applyRunOverrides(irisMlp, { epochs: 4 }), 'split', { testFraction: 0.2 }), 'optimizer', { seed });
  const compiled = compile(doc);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return trainInNode(compiled.spec);
}

it('gives identical history and test metrics for the same seed, and others for another seed', async () => {
  const first = await irisRun(42);
  const again = await irisRun(42);
  expect(first.outcome).toBe('finished');
  expect(first.history).toHaveLength(4);
  expect(first.test?.loss).toBeTypeOf('number');
  expect(again.history).toEqual(first.history);
  expect(again.test).toEqual(first.test);
  // The seed is what fixes them: a run that ignored it would give the same numbers for any seed.
  const other = await irisRun(7);
  expect(other.history.map((e) => e.loss)).not.toEqual(first.history.map((e) => e.loss));
});
