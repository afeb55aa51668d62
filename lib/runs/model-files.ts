import type * as Tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { folderName } from '@/lib/export/folder-name';
import { zipFolder } from '@/lib/export/zip';
import { attentionLayers } from '@/lib/layers/attention';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { TfModule } from '@/nodes/define-node';
import { ModelBundle, Preprocessing } from './model';

/**
 * A trained model as files, in the tfjs format (`tf.loadLayersModel` reads model.json and
 * weights.bin as they are), with preprocessing.json beside them: what the data steps learnt, so
 * raw rows can be prepared the way the model was trained on. The app's download, `pipeline train
 * --save-model` and the exported project's `predict` all read and write these same three files.
 */

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const PREPROCESSING_FILE = 'preprocessing.json';
export const bundleFileNames = [MODEL_FILE, WEIGHTS_FILE, PREPROCESSING_FILE] as const;

export interface BundleFile {
  name: string;
  bytes: Uint8Array;
}

/** Bytes per value of each dtype tfjs writes unquantised weights in. */
const dtypeBytes = { float32: 4, int32: 4, bool: 1 } as const;

const WeightSpec = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.enum(['float32', 'int32', 'bool']),
});

/** model.json as tfjs writes it; only what loading needs is checked, the rest is kept as it is. */
const ModelJson = z.looseObject({
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()).min(1), weights: z.array(WeightSpec) })).min(1),
});
type ModelJson = z.infer<typeof ModelJson>;

/** What the data steps learnt (TrainResult.fitted, by node id), with the spec that says how to apply it. */
export function preprocessingOf(spec: PipelineSpec, fitted: Record<string, unknown>, ranges?: Record<string, [number, number]>): Preprocessing {
  return { format: 'pipeline-builder.preprocessing', version: 1, spec, fitted, ...(ranges && Object.keys(ranges).length > 0 ? { ranges } : {}) };
}

/** The trained model and what preprocessing learnt, as a ModelBundle: model.json's object and one weights buffer. */
export async function modelBundle(tf: TfModule, model: Tf.LayersModel, preprocessing: Preprocessing): Promise<ModelBundle> {
  let saved: ModelBundle | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const modelJson: ModelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology as Record<string, unknown>,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: (artifacts.weightSpecs ?? []) as ModelJson['weightsManifest'][number]['weights'] }],
      };
      // tfjs may hand the weights in several buffers; the file holds them end to end.
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      saved = { modelJson, weights, preprocessing };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('tfjs saved the model without calling its save handler.');
  return saved;
}

/** The bundle as its three files, in the order a person reads about them. */
export function bundleFiles(bundle: ModelBundle): BundleFile[] {
  const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return [
    { name: MODEL_FILE, bytes: json(bundle.modelJson) },
    { name: WEIGHTS_FILE, bytes: new Uint8Array(bundle.weights) },
    { name: PREPROCESSING_FILE, bytes: json(bundle.preprocessing) },
  ];
}

/**
 * The app's "Download model": the three files and a README.txt on how to use them, in one folder
 * named after the pipeline ('iris-species-mlp-model'), zipped.
 */
export function modelZip(bundle: ModelBundle, pipelineName: string): { fileName: string; bytes: Uint8Array } {
  const folder = `${folderName(pipelineName)}-model`;
  const readme = { name: 'README.txt', bytes: new TextEncoder().encode(modelReadme(pipelineName, folder)) };
  return { fileName: `${folder}.zip`, bytes: zipFolder(folder, [...bundleFiles(bundle), readme].map((f) => ({ path: f.name, bytes: f.bytes }))) };
}

function modelReadme(pipelineName: string, folder: string): string {
  return `${pipelineName}: a model trained in Pipeline Builder

${MODEL_FILE} and ${WEIGHTS_FILE}: the trained model in the TensorFlow.js layers format.
${PREPROCESSING_FILE}: what each preprocessing step learnt from the training rows (means,
  spreads, category lists). Rows must be prepared with these values, in the pipeline's step
  order, before the model sees them: the model was trained on rows prepared so.

Score it without training again, in the project the app exports for this pipeline
(Export, then Download project):
  npm install
  npm run predict -- --model path/to/${folder}
It prepares the rows the run held out with ${PREPROCESSING_FILE} and prints the loss and
metrics there: the numbers the app measured.

Load it yourself with TensorFlow.js (4.x):
  const model = await tf.loadLayersModel('https://your-site/${folder}/${MODEL_FILE}');
in a browser, with ${WEIGHTS_FILE} beside ${MODEL_FILE}; in Node, read both files and use
tf.io.fromMemory. A model with attention, Transformer or positional-embedding layers needs
the app's own layers registered first: the exported project ships them (layers/attention.ts).

The same three files come from the command line:
  npm run pipeline -- train <pipeline> --save-model DIR
`;
}

export type ReadBundle = { ok: true; bundle: ModelBundle } | { ok: false; problem: string };

/**
 * The files of a saved model read back: a folder or a zip's entries, by file name (a folder path
 * before the name is ignored). Whatever is missing, renamed or damaged is a problem in words, not
 * an exception: the files come from a person's disk.
 */
export function readBundleFiles(files: readonly BundleFile[]): ReadBundle {
  const byName = new Map(files.map((f) => [f.name.split('/').at(-1)!, f.bytes]));
  const found = files.length === 0 ? 'none' : files.map((f) => f.name).join(', ');
  const missing = (name: string, what: string) =>
    `${name} is missing (${what}). A saved model is three files: ${bundleFileNames.join(', ')}; found: ${found}. Save the model again, or put the file back under its name.`;

  const modelBytes = byName.get(MODEL_FILE);
  if (!modelBytes) return { ok: false, problem: missing(MODEL_FILE, "the model's layers") };
  const modelJson = parseJsonFile(MODEL_FILE, modelBytes, ModelJson, 'a tfjs model.json with modelTopology and weightsManifest');
  if (!modelJson.ok) return modelJson;

  const preprocessingBytes = byName.get(PREPROCESSING_FILE);
  if (!preprocessingBytes) return { ok: false, problem: missing(PREPROCESSING_FILE, 'what the preprocessing learnt from the training rows') };
  const preprocessing = parseJsonFile(PREPROCESSING_FILE, preprocessingBytes, Preprocessing, 'the preprocessing Pipeline Builder saves beside a model');
  if (!preprocessing.ok) return preprocessing;

  // model.json names its weight files; tfjs may split them into shards, read end to end.
  const paths = modelJson.value.weightsManifest.flatMap((group) => group.paths);
  const shards: Uint8Array[] = [];
  for (const path of paths) {
    const bytes = byName.get(path.split('/').at(-1)!);
    if (!bytes) {
      return {
        ok: false,
        problem: `model.json reads its weights from ${path}, which is missing (found: ${found}). If the file was renamed, give it back the name ${path}.`,
      };
    }
    shards.push(bytes);
  }
  const specs = modelJson.value.weightsManifest.flatMap((group) => group.weights);
  const expected = specs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1) * dtypeBytes[spec.dtype], 0);
  const weights = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  shards.reduce((at, s) => (weights.set(s, at), at + s.length), 0);
  if (weights.length !== expected) {
    return {
      ok: false,
      problem: `${paths.join(', ')} holds ${weights.length.toLocaleString('en')} bytes, but model.json describes ${expected.toLocaleString('en')} bytes of weights: the weights do not belong to this model.json, or the file was cut short. Save the model again.`,
    };
  }
  const modelJsonOneFile = { ...modelJson.value, weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }] };
  return { ok: true, bundle: { modelJson: modelJsonOneFile, weights: weights.buffer, preprocessing: preprocessing.value } };
}

function parseJsonFile<T>(name: string, bytes: Uint8Array, schema: z.ZodType<T>, what: string): { ok: true; value: T } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return { ok: false, problem: `${name} is not valid JSON (${error instanceof Error ? error.message : String(error)}): the file is damaged. Save the model again.` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, problem: `${name} is not ${what}: ${issue.message}${where}. Save the model again, or check that the file is the one saved with this model.` };
  }
  return { ok: true, value: parsed.data };
}

/**
 * The bundle's model, ready to predict (not compiled: it is not trained further). The app's own
 * layers (attention, Transformer, positional embedding) are registered with tfjs first, so a
 * model that uses them loads. The caller disposes it.
 */
export async function loadModel(tf: TfModule, bundle: ModelBundle): Promise<Tf.LayersModel> {
  attentionLayers(tf);
  const json = ModelJson.parse(bundle.modelJson);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: bundle.weights,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy ?? null,
    }),
  );
}
