/**
 * predict.ts of the exported project: scores a model saved by Pipeline Builder ("Download model",
 * or `pipeline train --save-model DIR`) on the rows its run held out, without training again. The
 * same for every pipeline: what differs (the data plan, the inputs, the loss and metrics) comes
 * from pipeline.ts, which it imports. Unformatted; lib/export/format.ts formats it.
 */

/** The files a saved model is, as lib/runs/model-files.ts writes them. */
const files = { model: 'model.json', weights: 'weights.bin', preprocessing: 'preprocessing.json' };

export const predictSource = `/**
 * Scores a model saved by Pipeline Builder on the rows its run held out, without training again.
 *
 * Save the model first: "Download model" in Pipeline Builder (unzip it), or
 * \`npm run pipeline -- train <pipeline> --save-model DIR\` there. Then, in this folder:
 *
 *   npm run predict -- --model DIR
 *
 * It reads ${files.model} and ${files.weights} (the TensorFlow.js format) and ${files.preprocessing}
 * (what each preprocessing step learnt from the training rows), prepares the data with those values,
 * learning nothing again, and prints the loss and metrics on the test rows (the validation rows
 * when the split holds none out for testing) as JSON, last: the numbers the app measured there.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyFitted } from './data/run';
import { rowCount, type DataTensor, type Target } from './data/table';
import { DATA_PLAN, buildModel, evaluate, loadData, targetTensor, toTensors } from './pipeline';

const MODEL_FILE = '${files.model}';
const PREPROCESSING_FILE = '${files.preprocessing}';
/** Bytes per value of each dtype tfjs writes weights in. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

/** A saved model, loaded, and what the data steps learnt on the run's training rows, by node id. */
export interface SavedModel {
  model: tf.LayersModel;
  fitted: Record<string, unknown>;
}

export type LoadResult = { ok: true; saved: SavedModel } | { ok: false; problem: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON file of the saved model, or what is wrong with it. */
function readJson(dir: string, name: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    return { ok: false, problem: \`\${file} is missing. A saved model is three files: ${files.model}, ${files.weights} and ${files.preprocessing}, as Pipeline Builder saves them.\` };
  }
  try {
    return { ok: true, value: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (error) {
    return { ok: false, problem: \`\${file} is not valid JSON (\${error instanceof Error ? error.message : String(error)}): the file is damaged. Save the model again.\` };
  }
}

/**
 * Reads the saved model in \`dir\` and checks that it belongs to this pipeline: the same data steps,
 * in the same order. A missing, renamed or damaged file is a problem in words.
 */
export async function loadSavedModel(dir: string): Promise<LoadResult> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { ok: false, problem: \`\${dir} is not a folder: give the folder that holds ${files.model}, ${files.weights} and ${files.preprocessing}.\` };
  const modelJson = readJson(dir, MODEL_FILE);
  if (!modelJson.ok) return modelJson;
  const json = modelJson.value;
  const manifest = isObject(json) && Array.isArray(json.weightsManifest) ? json.weightsManifest : undefined;
  if (!isObject(json) || !isObject(json.modelTopology) || !manifest || !manifest.every((g) => isObject(g) && Array.isArray(g.paths) && Array.isArray(g.weights))) {
    return { ok: false, problem: \`\${path.join(dir, MODEL_FILE)} is not a TensorFlow.js model.json (it needs modelTopology and weightsManifest). Save the model again.\` };
  }
  const groups = manifest as { paths: string[]; weights: WeightSpec[] }[];

  const preprocessingJson = readJson(dir, PREPROCESSING_FILE);
  if (!preprocessingJson.ok) return preprocessingJson;
  const preprocessing = preprocessingJson.value;
  const steps = isObject(preprocessing) && isObject(preprocessing.spec) && isObject(preprocessing.spec.data) ? preprocessing.spec.data.steps : undefined;
  if (!isObject(preprocessing) || preprocessing.format !== 'pipeline-builder.preprocessing' || !isObject(preprocessing.fitted) || !Array.isArray(steps)) {
    return { ok: false, problem: \`\${path.join(dir, PREPROCESSING_FILE)} is not the preprocessing Pipeline Builder saves beside a model. Save the model again.\` };
  }
  // The fitted values are keyed by node id: another pipeline's would be applied to the wrong steps.
  const savedSteps = steps.map((step) => (isObject(step) ? String(step.nodeId) : '?')).join(', ');
  const ownSteps = DATA_PLAN.steps.map((step) => step.id).join(', ');
  if (savedSteps !== ownSteps) {
    return {
      ok: false,
      problem: \`This model was saved from another pipeline: its data steps are [\${savedSteps}], this project's are [\${ownSteps}]. Save the model from the pipeline this project was exported from, or export that model's pipeline again.\`,
    };
  }

  // tfjs may split the weights into several files, read end to end.
  const shards: Buffer[] = [];
  for (const name of groups.flatMap((g) => g.paths)) {
    const file = path.join(dir, name);
    if (!existsSync(file)) return { ok: false, problem: \`${files.model} reads its weights from \${name}, which is missing in \${dir}. If the file was renamed, give it back the name \${name}.\` };
    shards.push(readFileSync(file));
  }
  const weightSpecs = groups.flatMap((g) => g.weights);
  const expected = weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[w.dtype] ?? Number.NaN), 0);
  const weights = Buffer.concat(shards);
  if (weights.length !== expected) {
    return { ok: false, problem: \`The weights hold \${weights.length} bytes, but ${files.model} describes \${expected}: they do not belong to this ${files.model}, or a file was cut short. Save the model again.\` };
  }
  // Importing pipeline.ts registered the app's own layers (attention) that a model may use.
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length) as ArrayBuffer,
    }),
  );
  return { ok: true, saved: { model, fitted: preprocessing.fitted } };
}

/** Which rows a saved model is scored on, and its numbers there, named as \`pipeline train --json\` names them. */
export interface Scored {
  part: 'test' | 'validation' | 'all';
  rows: number;
  metrics: Record<string, number>;
}

/**
 * Prepares the dataset with the saved fitted values (the split picks the run's rows again, by its
 * seed) and scores the model on the test rows, else the validation rows; a pipeline without a
 * split has no held-out rows, and is scored on all of them.
 */
export async function scoreSavedModel({ model, fitted }: SavedModel): Promise<Scored> {
  const table = await loadData();
  const split = DATA_PLAN.steps.some((step) => step.step.partition);
  const partValues = (part?: 'validation' | 'test') => applyFitted(DATA_PLAN, fitted, table, part);
  let part: Scored['part'] = split ? 'test' : 'all';
  let values = partValues(split ? 'test' : undefined);
  if (split && rowCount(values.get(DATA_PLAN.target)!) === 0) {
    part = 'validation';
    values = partValues('validation');
  }
  const truth = values.get(DATA_PLAN.target) as Target;
  const xs = toTensors(DATA_PLAN.inputs.map((key) => values.get(key) as DataTensor));
  const y = targetTensor(truth);
  // evaluate() needs the model's loss, which model.json does not hold: pipeline.ts's compiled model carries it.
  const reference = buildModel();
  model.compile({ optimizer: 'sgd', loss: reference.loss });
  reference.optimizer.dispose();
  reference.dispose();
  try {
    const scores = evaluate(model, { xs, y, truth });
    const prefix = { test: 'test_', validation: 'val_', all: '' }[part];
    return { part, rows: rowCount(truth), metrics: Object.fromEntries(Object.entries(scores).map(([name, value]) => [prefix + name, value])) };
  } finally {
    tf.dispose([...xs, y]);
  }
}

const usage = 'Usage: npm run predict -- --model DIR   (DIR holds ${files.model}, ${files.weights} and ${files.preprocessing})';

// Run directly (\`npm run predict -- --model DIR\`), it prints the scores as JSON, last; imported, it runs nothing.
if (typeof process !== 'undefined' && process.argv?.[1] !== undefined && process.argv[1] === import.meta.filename) {
  tf.enableProdMode();
  await tf.setBackend('cpu');
  let dir: string | undefined;
  try {
    dir = parseArgs({ options: { model: { type: 'string' } } }).values.model;
  } catch (error) {
    console.error(\`\${error instanceof Error ? error.message : String(error)}\\n\${usage}\`);
    process.exit(2);
  }
  if (!dir) {
    console.error(\`Give the folder of the saved model with --model.\\n\${usage}\`);
    process.exit(2);
  }
  // npm runs a script in the project's folder; a relative DIR means where the command was typed (INIT_CWD).
  const typedIn = process.env.npm_lifecycle_event === 'predict' ? process.env.INIT_CWD : undefined;
  const loaded = await loadSavedModel(path.resolve(typedIn ?? process.cwd(), dir));
  if (!loaded.ok) {
    console.error(loaded.problem);
    process.exit(2);
  }
  const scored = await scoreSavedModel(loaded.saved);
  loaded.saved.model.dispose();
  const where = { test: 'test rows', validation: 'validation rows (the split holds no test rows)', all: 'all rows (the pipeline has no split, so no held-out rows)' }[scored.part];
  console.error(\`Scored the saved model on \${scored.rows} \${where}, with the preprocessing it was trained with.\`);
  console.log(JSON.stringify(scored));
}
`;
