import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { loadSourceTable } from '@/lib/datasets/source';
import { prepareRun, train } from '@/lib/engine/train';
import { cpuTf } from '@/lib/engine/train-in-node';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import type { PipelineDocument } from '@/lib/document/document';

/**
 * No tensor leaks: a run that left tensors behind every epoch would fill a browser tab's GPU
 * memory over a long run, and one that left them after the run would fill it over many runs.
 * The live count must be the same at the end of every epoch, and after the run as before it;
 * a kept model (for predictions and download) holds its weights until it is disposed, then none.
 */
describe.each<[string, PipelineDocument]>([
  // An MLP, and the conv net whose CPU gradient kernels are the engine's own (lib/engine/cpu-kernels.ts).
  ['the iris MLP', irisMlp],
  ['the digit CNN on 100 digits', digitCnn],
])('%s, 4 epochs on the CPU backend', (_name, doc) => {
  it.each([false, true])('holds as many tensors after every epoch, and after the run as before it (keepModel: %s)', async (keepModel) => {
    const compiled = compile(applyRunOverrides(doc, { epochs: 4, maxSamples: 100 }));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    const { spec } = compiled;
    const tf = await cpuTf();
    const data = prepareRun(spec, await loadSourceTable(spec.data.dataset, nodeSourceReaders));
    const before = tf.memory().numTensors;
    const atEpochEnd: number[] = [];
    const result = await train(tf, spec, data, { onEpoch: () => atEpochEnd.push(tf.memory().numTensors) }, {}, { keepModel });
    expect(result.outcome).toBe('finished');
    expect(atEpochEnd).toHaveLength(4);
    expect(atEpochEnd).toEqual(atEpochEnd.map(() => atEpochEnd[0]));
    expect(result.model !== undefined).toBe(keepModel);
    if (result.model) {
      expect(tf.memory().numTensors).toBeGreaterThan(before);
      result.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
