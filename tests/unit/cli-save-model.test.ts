import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveModel, streamedSaveNote } from '@/cli/save-model';
import { documentFileText } from '@/lib/document/read';
import { applyFitted, prepareData } from '@/lib/data/run';
import { compile } from '@/lib/compile/compile';
import { dataPlan } from '@/lib/engine/train';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { RunJson } from '@/lib/engine/run-json';
import { loadModel, readBundleFiles } from '@/lib/runs/model-files';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { runCli, scratchFolder } from '../support/cli';
import { flowersCsv, flowersPipeline } from '../support/csv-pipeline';
import { bin, exportOf, run, writeProject } from '../support/export-project';
import { setParams } from '../support/pipeline';

/**
 * `pipeline train --save-model DIR` writes the model as the app downloads it, and the exported
 * project's `predict.ts` scores it on the held-out rows with the numbers the run measured there.
 */

const { dir, file } = scratchFolder('pipeline-save-model-');
/** Iris with a fifth of the rows held out for a final test, so the run measures test_* numbers. */
const irisTested = setParams(irisMlp, 'split', { validationFraction: 0.2, testFraction: 0.2 });
const irisFile = file('iris-tested.pipeline.json', documentFileText(irisTested));
const filesIn = (folder: string) => readdirSync(folder).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(folder, name))) }));

describe('pipeline train --save-model', () => {
  it('writes model.json, weights.bin and preprocessing.json into a new folder; stdout is the result as without it', async () => {
    const target = join(dir, 'new', 'iris-model');
    const saved = await runCli(['train', 'iris-mlp', '--epochs', '1', '--json', '--save-model', target]);
    expect(saved.status).toBe(0);
    expect(saved.err.endsWith(`Saved the model to ${target}: model.json, weights.bin, preprocessing.json.\n`)).toBe(true);
    const plain = await runCli(['train', 'iris-mlp', '--epochs', '1', '--json']);
    expect(saved.out).toBe(plain.out);

    const read = readBundleFiles(filesIn(target));
    if (!read.ok) throw new Error(read.problem);
    expect(readdirSync(target).sort()).toEqual(['model.json', 'preprocessing.json', 'weights.bin']);
    const { preprocessing } = read.bundle;
    expect(preprocessing.spec.data.steps.map((s) => s.nodeId)).toEqual(['split', 'measurements', 'species', 'standardize']);
    // What Standardize learnt from the training rows: a mean and a spread per measurement.
    expect(preprocessing.fitted.standardize).toEqual({ mean: expect.any(Array), std: expect.any(Array) });
    expect((preprocessing.fitted.standardize as { mean: number[] }).mean).toHaveLength(4);
    await tf.setBackend('cpu');
    const model = await loadModel(tf, read.bundle);
    expect(model.outputs[0].shape).toEqual([null, 3]);
    model.dispose();
  });

  it('refuses a file for DIR before training, in words, exit 2', async () => {
    const taken = file('taken.txt', 'not a folder');
    const { status, out, err } = await runCli(['train', 'iris-mlp', '--epochs', '1', '--save-model', taken]);
    expect({ status, out }).toEqual({ status: 2, out: '' });
    expect(err).toBe(`--save-model ${taken} is a file, not a folder: give a folder to write model.json, weights.bin and preprocessing.json into (it is created when missing).\n`);
  });

  it('saves nothing from a run that diverged, and says why', async () => {
    const exploding = file(
      'exploding.pipeline.json',
      documentFileText({ ...irisMlp, nodes: irisMlp.nodes.map((n) => (n.id === 'optimizer' ? { ...n, kind: 'optimizer.sgd', params: { learningRate: 10, epochs: 20, batchSize: 16, seed: 42 } } : n)) }),
    );
    const target = join(dir, 'diverged');
    const { status, err } = await runCli(['train', exploding, '--save-model', target]);
    expect(status).toBe(3);
    expect(err).toContain(`The model was not saved to ${target}: training diverged, so its weights are not numbers worth keeping.`);
    expect(existsSync(target)).toBe(false);
  });

  it('saves nothing from a run stopped before its first whole epoch, and says why', async () => {
    const compiled = compile(irisMlp);
    if (!compiled.ok) throw new Error('iris does not compile');
    const target = join(dir, 'no-epoch');
    let err = '';
    const stopped = { outcome: 'stopped' as const, history: [], trainSamples: 120, validationSamples: 30, testSamples: 0, fitted: {} };
    expect(await saveModel(target, compiled.spec, stopped, { out: () => {}, err: (t) => (err += t) })).toBe(true);
    expect(err).toBe(`The model was not saved to ${target}: no epoch finished, so there is no trained model yet.\n`);
    expect(existsSync(target)).toBe(false);
  });

  it('saves from a streamed CSV run, and says its split is not the one predict.ts makes again', async () => {
    const csv = file('flowers.csv', flowersCsv);
    const pipeline = file('flowers.pipeline.json', documentFileText(flowersPipeline()));
    const target = join(dir, 'streamed');
    const { status, err } = await runCli(['train', pipeline, '--data', csv, '--stream', '--epochs', '1', '--save-model', target]);
    expect(status).toBe(0);
    expect(err).toContain(streamedSaveNote);
    const read = readBundleFiles(filesIn(target));
    if (!read.ok) throw new Error(read.problem);
    // The mean Fill missing learnt from the streamed training rows, beside Standardize's.
    expect(Object.keys(read.bundle.preprocessing.fitted).sort()).toEqual(['fill', 'standardize']);
  });
});

describe('applyFitted', () => {
  it('with a part, gives exactly the rows and values the run held out, learning nothing', async () => {
    const compiled = compile(irisTested);
    if (!compiled.ok) throw new Error('iris does not compile');
    const plan = dataPlan(compiled.spec);
    const table = await loadSourceTable(compiled.spec.data.dataset, { readFile: nodeReadFile, readUpload: async () => undefined });
    const prepared = prepareData(plan, table);
    for (const part of ['validation', 'test'] as const) {
      const values = applyFitted(plan, prepared.states, table, part);
      expect(values.get(plan.inputs[0])).toEqual(prepared[part]!.inputs[0]);
      expect(values.get(plan.target)).toEqual(prepared[part]!.target);
    }
    // Without a part the split lets every row through: new rows are all there is to predict.
    expect((applyFitted(plan, prepared.states, table).get(plan.target) as { values: Int32Array }).values).toHaveLength(150);
  });
});

describe('the exported project scores a saved model (npm run predict)', () => {
  it('prints the test numbers pipeline train measured, and refuses another pipeline\'s model', { timeout: 60_000 }, async () => {
    const model = join(dir, 'iris-tested-model');
    const trained = await runCli(['train', irisFile, '--epochs', '2', '--json', '--save-model', model]);
    expect(trained.status).toBe(0);
    const expected = RunJson.parse(JSON.parse(trained.out)).metrics;
    const project = writeProject(await exportOf(irisTested), join(dir, 'iris-project'));

    const { stdout, stderr } = await run(bin('tsx'), ['predict.ts', '--model', model], { cwd: project });
    expect(stderr).toContain('Scored the saved model on 30 test rows, with the preprocessing it was trained with.');
    const scored = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(scored).toMatchObject({ part: 'test', rows: 30 });
    expect(Object.keys(scored.metrics)).toEqual(['test_loss', 'test_accuracy']);
    for (const key of ['test_loss', 'test_accuracy']) {
      expect(Math.abs(scored.metrics[key] - expected[key]!), key).toBeLessThanOrEqual(1e-6 * Math.abs(expected[key]!));
    }

    // The flowers pipeline fills gaps before its other steps: its fitted values do not fit iris's steps.
    const flowersModel = join(dir, 'flowers-model');
    writeFileSync(join(dir, 'f.csv'), flowersCsv);
    expect((await runCli(['train', file('f.pipeline.json', documentFileText(flowersPipeline())), '--data', join(dir, 'f.csv'), '--epochs', '1', '--save-model', flowersModel])).status).toBe(0);
    const refused = await run(bin('tsx'), ['predict.ts', '--model', flowersModel], { cwd: project }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('This model was saved from another pipeline: its data steps are [split, fill, measurements, species, standardize]');
  });
});
