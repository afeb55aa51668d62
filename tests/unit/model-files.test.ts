import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { buildModel, prepareRun } from '@/lib/engine/train';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { unzipSync } from 'fflate';
import { bundleFiles, loadModel, modelBundle, modelZip, preprocessingOf, readBundleFiles, type BundleFile } from '@/lib/runs/model-files';
import type { PipelineSpec } from '@/lib/spec/spec';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { spamTransformer } from '@/lib/templates/spam-transformer';

/** A saved model is three files that tfjs and the exported project read back into the same model. */

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
});

function specOf(doc: PipelineDocument): PipelineSpec {
  const compiled = compile(doc);
  if (!compiled.ok) throw new Error(`${doc.name} does not compile`);
  return compiled.spec;
}

function outputs(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

/** The files as a folder read from disk gives them: fresh copies, nothing shared with the bundle. */
const copied = (files: BundleFile[]) => files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));

describe('model files', () => {
  it('an iris model, trained one epoch, saves to three files and loads back giving the same outputs', async () => {
    const spec = specOf(irisMlp);
    const data = prepareRun(spec, await loadSourceTable(spec.data.dataset, { readFile: nodeReadFile, readUpload: async () => undefined }));
    const model = buildModel(tf, spec);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.tensor(data.train.inputs[0].values, data.train.inputs[0].shape);
    const y = tf.oneHot(tf.tensor1d(data.train.target.values as Int32Array, 'int32'), 3).toFloat();
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });

    const bundle = await modelBundle(tf, model, preprocessingOf(spec, data.states));
    const files = bundleFiles(bundle);
    expect(files.map((f) => f.name)).toEqual(['model.json', 'weights.bin', 'preprocessing.json']);
    const json = JSON.parse(new TextDecoder().decode(files[0].bytes));
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: expect.any(Array) }]);
    expect(json.format).toBe('layers-model');
    // Every weight the model trains is in the file: 4->16->3 dense layers, float32.
    expect(files[1].bytes.length).toBe(4 * model.countParams());

    const read = readBundleFiles(copied(files));
    if (!read.ok) throw new Error(read.problem);
    expect(read.bundle.preprocessing).toEqual(JSON.parse(JSON.stringify(bundle.preprocessing)));
    expect(read.bundle.preprocessing.fitted).toEqual(data.states);
    const loaded = await loadModel(tf, read.bundle);
    const rows = tf.tensor(data.validation!.inputs[0].values, data.validation!.inputs[0].shape);
    expect(Array.from(outputs(loaded, rows))).toEqual(Array.from(outputs(model, rows)));
    tf.dispose([x, y, rows]);
    model.dispose();
    loaded.dispose();
  });

  it('a model with the app\'s own attention layers round-trips (positional embedding, Transformer encoder)', async () => {
    const spec = specOf(spamTransformer);
    const model = buildModel(tf, spec);
    const files = bundleFiles(await modelBundle(tf, model, preprocessingOf(spec, {})));
    const read = readBundleFiles(copied(files));
    if (!read.ok) throw new Error(read.problem);
    const loaded = await loadModel(tf, read.bundle);
    const classNames = loaded.layers.map((layer) => layer.getClassName());
    expect(classNames).toContain('TransformerEncoder');
    expect(classNames).toContain('PositionalEmbedding');
    const [batch, ...shape] = spec.data.inputs[0].shape;
    expect(batch).toBeNull();
    const ids = tf.tidy(() => tf.floor(tf.randomUniform([5, ...(shape as number[])], 0, 20, 'float32', 7)));
    expect(Array.from(outputs(loaded, ids))).toEqual(Array.from(outputs(model, ids)));
    ids.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('the download is one folder named after the pipeline: the three files and a README on using them', async () => {
    const spec = specOf(irisMlp);
    const model = buildModel(tf, spec);
    const bundle = await modelBundle(tf, model, preprocessingOf(spec, {}));
    model.dispose();
    const zip = modelZip(bundle, 'Iris species (MLP)');
    expect(zip.fileName).toBe('iris-species-mlp-model.zip');
    const entries = unzipSync(zip.bytes);
    expect(Object.keys(entries).sort()).toEqual(['README.txt', 'model.json', 'preprocessing.json', 'weights.bin'].map((f) => `iris-species-mlp-model/${f}`).sort());
    const read = readBundleFiles(Object.entries(entries).map(([name, bytes]) => ({ name, bytes })));
    if (!read.ok) throw new Error(read.problem);
    expect(new Uint8Array(read.bundle.weights)).toEqual(new Uint8Array(bundle.weights));
    const readme = new TextDecoder().decode(entries['iris-species-mlp-model/README.txt']);
    expect(readme).toMatch(/^Iris species \(MLP\): a model trained in Pipeline Builder\n/);
    expect(readme).toContain('npm run predict -- --model path/to/iris-species-mlp-model');
  });

  describe('files that cannot be read give words', () => {
    let files: BundleFile[];
    beforeAll(async () => {
      const spec = specOf(irisMlp);
      const model = buildModel(tf, spec);
      files = bundleFiles(await modelBundle(tf, model, preprocessingOf(spec, {})));
      model.dispose();
    });
    const without = (name: string) => files.filter((f) => f.name !== name);
    const replaced = (name: string, bytes: Uint8Array) => files.map((f) => (f.name === name ? { name, bytes } : f));
    const problem = (given: BundleFile[]) => {
      const read = readBundleFiles(given);
      if (read.ok) throw new Error('expected a problem');
      return read.problem;
    };

    it('reads files inside a folder, as a zip holds them', () => {
      expect(readBundleFiles(files.map((f) => ({ ...f, name: `iris-model/${f.name}` }))).ok).toBe(true);
    });

    it('a missing file is named, with what was found', () => {
      expect(problem(without('model.json'))).toMatch(/^model\.json is missing .*found: weights\.bin, preprocessing\.json/);
      expect(problem(without('preprocessing.json'))).toMatch(/^preprocessing\.json is missing \(what the preprocessing learnt/);
      expect(problem([])).toContain('found: none');
    });

    it('a renamed weights file is told by the name model.json expects', () => {
      const renamed = files.map((f) => (f.name === 'weights.bin' ? { ...f, name: 'weights (1).bin' } : f));
      expect(problem(renamed)).toBe(
        'model.json reads its weights from weights.bin, which is missing (found: model.json, weights (1).bin, preprocessing.json). If the file was renamed, give it back the name weights.bin.',
      );
    });

    it('broken JSON, a file of another kind and weights of the wrong size are each said so', () => {
      expect(problem(replaced('model.json', new TextEncoder().encode('{"modelTopology": ')))).toMatch(/^model\.json is not valid JSON \(.+\): the file is damaged\./);
      expect(problem(replaced('model.json', new TextEncoder().encode('{"name": "x"}')))).toMatch(/^model\.json is not a tfjs model\.json with modelTopology and weightsManifest: .* at modelTopology\./);
      expect(problem(replaced('preprocessing.json', new TextEncoder().encode('{"format": "other"}')))).toMatch(/^preprocessing\.json is not the preprocessing Pipeline Builder saves beside a model: .* at format\./);
      expect(problem(replaced('weights.bin', files[1].bytes.slice(0, 100)))).toMatch(/^weights\.bin holds 100 bytes, but model\.json describes [\d,]+ bytes of weights/);
    });
  });
});
