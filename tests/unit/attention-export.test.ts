import * as tf from '@tensorflow/tfjs';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNodeDefinition } from '@/nodes';
import type { AnyNodeDefinition, EmitByCategory } from '@/nodes/define-node';
import { raw } from '@/lib/export/code';
import { projectTsconfig } from '@/lib/export/project-files';
import { shippedSources } from '@/lib/export/sources.generated';
import { tempDir, writeProject } from '../support/export-project';
import { typeCheckProjects } from '../support/type-check';

/**
 * The attention nodes' emit() in an exported project of their own, a chain of the three on token
 * ids: the code with layers/attention.ts as the export ships it passes tsc --strict and builds the
 * model build() builds, weight for weight.
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const root = tempDir('pipeline-attention-export-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const chain = [
  { kind: 'layer.positionalEmbedding', params: { vocabularySize: 12, sequenceLength: 6, embedDim: 8 }, seed: 101 },
  { kind: 'layer.transformerEncoder', params: { numHeads: 2, keyDim: 4, ffDim: 16, activation: 'gelu' }, seed: 102 },
  { kind: 'layer.multiHeadAttention', params: { numHeads: 3, keyDim: 2 }, seed: 103 },
].map((layer) => {
  const def = getNodeDefinition(layer.kind) as AnyNodeDefinition;
  return { ...layer, def, params: def.params.parse(layer.params) };
});

function programText(): { pipeline: string; modules: string[]; files: { path: string; text: string }[] } {
  const emitted = chain.map(({ def, params, seed }) => def.emit!(params, { seed: raw(String(seed)) }) as EmitByCategory['layer']);
  const imports = new Map<string, Set<string>>();
  for (const i of emitted.flatMap((e) => e.imports ?? [])) imports.set(i.module, new Set([...(imports.get(i.module) ?? []), ...(i.named ?? [])]));
  const declarations = [...new Set(emitted.flatMap((e) => e.declarations ?? []).map((d) => d.text))];
  // What the emitted code imports from the project, and what those modules import in turn, as the export ships them.
  const shipped = new Set<string>();
  const visit = (file: string) => {
    if (shipped.has(file)) return;
    shipped.add(file);
    shippedSources[file].imports.forEach(visit);
  };
  for (const module of imports.keys()) if (module.startsWith('./')) visit(`${module.slice(2)}.ts`);
  const files = [...shipped].map((file) => ({ path: file, text: shippedSources[file].text }));
  const pipeline = [
    `import * as tf from '@tensorflow/tfjs';`,
    ...[...imports].map(([module, named]) => `import { ${[...named].join(', ')} } from '${module}';`),
    ...declarations,
    `export function buildModel(): tf.LayersModel {`,
    `  const input = tf.input({ shape: [6] });`,
    `  let x = input;`,
    ...emitted.map((e) => `  x = ${e.layer.text}.apply(x) as tf.SymbolicTensor;`),
    `  return tf.model({ inputs: input, outputs: x });`,
    `}`,
  ].join('\n');
  return { pipeline, modules: [...imports.keys()], files };
}

/** The same chain as the engine builds it, from the nodes' build(). */
function builtByTheApp(): tf.LayersModel {
  const input = tf.input({ shape: [6] });
  let x = input;
  for (const { def, params, seed } of chain) x = (def.build!(params, { tf, seed }) as tf.layers.Layer).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

describe('the attention nodes, exported', () => {
  let dir = '';

  it('emit code that passes tsc --strict with the layers/attention.ts the export ships', () => {
    const { pipeline, modules, files } = programText();
    // Positional embedding looks ids up: its gradient runs on the app's faster CPU kernel too.
    expect(modules.sort()).toEqual(['./cpu-kernels', './layers/attention']);
    expect(files.map((f) => f.path).sort()).toEqual(['cpu-kernels.ts', 'layers/attention.ts']);
    dir = writeProject(
      {
        folder: 'attention',
        files: [
          { path: 'pipeline.ts', language: 'typescript', text: pipeline },
          ...files.map((f) => ({ ...f, language: 'typescript' as const })),
          { path: 'tsconfig.json', language: 'json', text: projectTsconfig() },
        ],
      },
      path.join(root, 'typed'),
    );
    expect(typeCheckProjects([dir])).toEqual([]);
  }, 60_000);

  it('build the model the app builds: the same weights and outputs', async () => {
    const program = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'pipeline.ts')).href)) as { buildModel(): tf.LayersModel };
    const exported = program.buildModel();
    const app = builtByTheApp();
    const values = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(values(exported)).toEqual(values(app));
    const ids = tf.tensor2d([[1, 5, 0, 11, 3, 3], [7, 7, 2, 0, 9, 4]]);
    const outputs = (model: tf.LayersModel) => Array.from((model.predict(ids) as tf.Tensor).dataSync());
    expect(outputs(exported)).toEqual(outputs(app));
  });
});
