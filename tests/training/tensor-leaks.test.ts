import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { cpuTf, trainInNode } from '@/lib/engine/train-in-node';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import type { PipelineDocument } from '@/lib/document/document';

/**
 * No tensor leaks: a run that left tensors behind every epoch would fill a browser tab's GPU
 * memory over a long run, and one that left them after the run would fill it over many runs.
 * The live count must be the same at the end of every epoch, and after the run as before it.
 */
describe.each<[string, PipelineDocument]>([
  // An MLP, and the conv net whose CPU gradient kernels are the engine's own (lib/engine/cpu-kernels.ts).
  ['the iris MLP', irisMlp],
  ['the digit CNN on 100 digits', digitCnn],
])('%s, 4 epochs on the CPU backend', (_name, doc) => {
  it('holds as many tensors after every epoch, and after the run as before it', async () => {
    const compiled = compile(applyRunOverrides(doc, { epochs: 4, maxSamples: 100 }));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    const tf = await cpuTf();
    const before = tf.memory().numTensors;
    const atEpochEnd: number[] = [];
    const result = await trainInNode(compiled.spec, { onEpoch: () => atEpochEnd.push(tf.memory().numTensors) });
    expect(result.outcome).toBe('finished');
    expect(atEpochEnd).toHaveLength(4);
    expect(atEpochEnd).toEqual(atEpochEnd.map(() => atEpochEnd[0]));
    expect(tf.memory().numTensors).toBe(before);
  });
});
