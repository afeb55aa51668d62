import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import typescript from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition, EmitByCategory, PortInfo, ShapeResult } from '@/nodes/define-node';
import { raw } from '@/lib/export/code';
import * as attention from '@/lib/layers/attention';
import * as cpuKernels from '@/lib/engine/cpu-kernels';
import type { Shape } from '@/lib/shape/shape';
import { repoRoot } from '../support/export-project';
import { layerArbitraries, type LayerCase } from '../support/layer-arbitraries';
import { typeCheckProjects } from '../support/type-check';

/**
 * For every layer kind, on generated params and inputs, tfjs is the judge: the shape and the
 * parameter count compile shows must be what tfjs builds, and what compile rejects tfjs cannot
 * run either, unless the node is stricter on purpose (listed below, with the reason).
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * The layers reading one tensor. The merge layers read two: tests/unit/attention-merge-nodes.test.ts
 * holds them to tfjs's shapes and counts on pairs of inputs.
 */
const twoInputs = new Set(['layer.add', 'layer.multiply', 'layer.concatenate', 'layer.dot']);
const layers = nodeDefinitions.filter((d) => d.category === 'layer' && !twoInputs.has(d.kind)) as AnyNodeDefinition[];

/** Rejections tfjs would run anyway, and why the canvas stops them. */
const stricterThanTfjs = new Set([
  // Flattening [?, n] changes nothing: the node is in the way, not wrong, and the issue says remove it.
  'layer.flatten E_RANK',
  // tfjs casts floats to ids (2.7 -> 2): a model would train on nonsense.
  'layer.embedding E_EMBEDDING_FLOAT',
  // tfjs's CPU gather gives ids past the table a zero vector instead of failing.
  'layer.embedding E_EMBEDDING_RANGE',
  'layer.positionalEmbedding E_VOCABULARY_SIZE',
  // Normalising a single value always gives 0: the layer would only output its learned offset.
  'layer.layerNormalization E_NORMALIZE_SINGLE',
]);

/** Params as compile gives them to inferShape and build: parsed, with fields left empty picked from the inputs. */
function compiledParams(def: AnyNodeDefinition, params: Record<string, unknown>, input: Shape, info: PortInfo) {
  const parsed = def.params.parse(params);
  const picked = def.autoFromInputs?.(parsed, [input], [info]) ?? {};
  const auto = Object.entries(picked).filter(([field]) => parsed[field] === undefined);
  return { ...parsed, ...Object.fromEntries(auto.map(([field, v]) => [field, v.value])) };
}

/** What tfjs makes of the layer on this input: symbolic and on values (a batch of 2), or that it fails. */
function tfjsOutcome(layer: tf.layers.Layer, input: number[], info: PortInfo): { symbolic: Shape; values: number[] } | 'fails' {
  try {
    const symbolic = (layer.apply(tf.input({ shape: input, dtype: info.ids ? 'int32' : 'float32' })) as tf.SymbolicTensor).shape;
    const values = tf.tidy(() => {
      const x = info.ids ? tf.zeros([2, ...input], 'int32') : tf.randomNormal([2, ...input], 0, 1, 'float32', 3);
      return (layer.apply(x) as tf.Tensor).shape;
    });
    return symbolic.some((d) => d !== null && d <= 0) ? 'fails' : { symbolic, values };
  } catch {
    return 'fails';
  }
}

function check(def: AnyNodeDefinition, { params, input, info }: LayerCase): void {
  const shape: Shape = [null, ...input];
  const p = compiledParams(def, params, shape, info);
  const inferred: ShapeResult = def.inferShape(p, [shape], [info]);
  if (!inferred.ok) {
    expect(inferred.code).toMatch(/^E_[A-Z_]+$/);
    expect(inferred.hint.length, inferred.code).toBeGreaterThan(10);
    if (inferred.fix) expect(def.params.safeParse({ ...params, ...inferred.fix.params }).success, inferred.fix.label).toBe(true);
    if (stricterThanTfjs.has(`${def.kind} ${inferred.code}`)) return;
    // Params that do not even describe a layer (a target shape that does not parse) cannot be built.
    let layer: tf.layers.Layer;
    try {
      layer = def.build!(p, { tf, seed: 7 }) as tf.layers.Layer;
    } catch {
      return;
    }
    expect(tfjsOutcome(layer, input, info), `${inferred.code}: ${inferred.message}`).toBe('fails');
    return;
  }
  const layer = def.build!(p, { tf, seed: 7 }) as tf.layers.Layer;
  const outcome = tfjsOutcome(layer, input, info);
  expect(outcome).not.toBe('fails');
  if (outcome === 'fails') return;
  expect(inferred.shapes).toEqual([outcome.symbolic]);
  expect(inferred.shapes[0].map((d) => d ?? 2)).toEqual(outcome.values);
  expect(def.paramCount!(p, [shape])).toBe(layer.countParams());
  const nonTrainable = layer.nonTrainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a! * b!, 1)!, 0);
  expect(def.nonTrainableParamCount?.(p, [shape]) ?? 0).toBe(nonTrainable);
  layer.dispose();
}

describe('every layer kind agrees with tfjs on generated params and inputs', () => {
  it('has generated cases for every layer kind reading one tensor', () => {
    const twoInputKinds = nodeDefinitions.filter((d) => d.category === 'layer' && d.inputs.length === 2).map((d) => d.kind);
    expect(twoInputKinds.sort()).toEqual([...twoInputs].sort());
    expect(layers.map((d) => d.kind).filter((k) => !layerArbitraries[k])).toEqual([]);
  });

  it.each(layers.map((d) => [d.kind, d] as const))('%s', (kind, def) => {
    fc.assert(
      fc.property(layerArbitraries[kind], (c) => check(def, c)),
      { numRuns: 25 },
    );
  });
});

/** A case the kind accepts, drawn from its generator with a fixed seed. */
function acceptedCase(def: AnyNodeDefinition): LayerCase & { p: Record<string, unknown> } {
  for (const c of fc.sample(layerArbitraries[def.kind], { numRuns: 60, seed: 1 })) {
    const p = compiledParams(def, c.params, [null, ...c.input], c.info);
    if (def.inferShape(p, [[null, ...c.input]], [c.info]).ok) return { ...c, p };
  }
  throw new Error(`${def.kind}: no accepted case in 60 samples`);
}

function sampleInput(input: number[], info: PortInfo, rows: number, seed: number): tf.Tensor {
  return info.ids ? tf.randomUniform([rows, ...input], 0, info.ids, 'int32', seed) : tf.randomNormal([rows, ...input], 0, 1, 'float32', seed);
}

/** Layers whose weights start as fixed values (scale 1, offset 0), whatever the seed. */
const startsFromConstants = new Set(['layer.batchNormalization', 'layer.layerNormalization']);

describe('every layer kind builds and trains on the CPU backend', () => {
  const weighted = layers.filter((def) => {
    const { p, input } = acceptedCase(def);
    return (def.paramCount?.(p, [[null, ...input]]) ?? 0) > 0;
  });

  it.each(weighted.map((d) => [d.kind, d] as const))('%s starts from the same weights for the same seed, other ones for another', (_kind, def) => {
    const { p, input, info } = acceptedCase(def);
    const initial = (seed: number) => {
      const layer = def.build!(p, { tf, seed }) as tf.layers.Layer;
      layer.apply(tf.input({ shape: input, dtype: info.ids ? 'int32' : 'float32' }));
      const values = layer.getWeights().map((w) => Array.from(w.dataSync()));
      layer.dispose();
      return values;
    };
    expect(initial(11)).toEqual(initial(11));
    if (!startsFromConstants.has(def.kind)) expect(initial(12)).not.toEqual(initial(11));
  });

  it.each(layers.map((d) => [d.kind, d] as const))('%s: one step of training moves every trainable weight', async (_kind, def) => {
    const { p, input, info } = acceptedCase(def);
    const x = tf.input({ shape: input, dtype: info.ids ? 'int32' : 'float32' });
    const layer = def.build!(p, { tf, seed: 5 }) as tf.layers.Layer;
    const y = layer.apply(x) as tf.SymbolicTensor;
    const flat = y.shape.length > 2 ? (tf.layers.flatten().apply(y) as tf.SymbolicTensor) : y;
    const model = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(flat) as tf.SymbolicTensor });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const before = layer.trainableWeights.map((w) => Array.from(w.read().dataSync()));
    const loss = await model.trainOnBatch(sampleInput(input, info, 8, 2), tf.randomNormal([8, 1], 0, 1, 'float32', 4)) as number;
    expect(Number.isFinite(loss)).toBe(true);
    layer.trainableWeights.forEach((w, i) => {
      expect(Array.from(w.read().dataSync()), w.name).not.toEqual(before[i]);
    });
    model.dispose();
  });
});

describe('layer details', () => {
  const kind = (k: string) => layers.find((d) => d.kind === k)!;

  it('a Reshape that works out an axis (-1) gives the next layers a known shape, so Flatten and Dense build after it', () => {
    const reshape = kind('layer.reshape');
    const x = tf.input({ shape: [12] });
    const sequence = (reshape.build!(reshape.params.parse({ targetShape: '-1, 3' }), { tf, seed: 1 }) as tf.layers.Layer).apply(x) as tf.SymbolicTensor;
    expect(sequence.shape).toEqual([null, 4, 3]);
    const flat = tf.layers.flatten().apply(sequence) as tf.SymbolicTensor;
    expect(flat.shape).toEqual([null, 12]);
    const model = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2 }).apply(flat) as tf.SymbolicTensor });
    expect((model.predict(tf.ones([3, 12])) as tf.Tensor).shape).toEqual([3, 2]);
    model.dispose();
  });

  it('the Activation node builds leakyRelu as a layer that keeps 0.3 of negative values', () => {
    const activation = kind('layer.activation');
    const layer = activation.build!(activation.params.parse({ activation: 'leakyRelu' }), { tf, seed: 1 }) as tf.layers.Layer;
    expect(Array.from((layer.apply(tf.tensor2d([[-2, 0, 3]])) as tf.Tensor).dataSync())).toEqual([Math.fround(-0.6), 0, 3]);
  });

  it('layers other than Activation do not offer leakyRelu (tfjs has no such activation name)', () => {
    for (const def of layers.filter((d) => 'activation' in d.params.shape && d.kind !== 'layer.activation')) {
      expect(def.params.safeParse({ activation: 'leakyRelu' }).success, def.kind).toBe(false);
    }
  });

  it('Embedding takes its number of rows from the ids flowing in, and says why', () => {
    const embedding = kind('layer.embedding');
    const picked = embedding.autoFromInputs!(embedding.params.parse({}), [[null, 20]], [{ ids: 5000 }]);
    expect(picked.inputDim.value).toBe(5000);
    expect(picked.inputDim.reason).toContain('4999');
    expect(embedding.autoFromInputs!(embedding.params.parse({}), [[null, 4]], [{}])).toEqual({});
  });

  it('a window longer than the sequence is refused with a one-click fix to the longest that fits', () => {
    const conv1d = kind('layer.conv1d');
    const result = conv1d.inferShape(conv1d.params.parse({ kernelSize: 7 }), [[null, 4, 2]], [{}]);
    expect(result).toMatchObject({ ok: false, code: 'E_SHAPE', fix: { label: 'Set kernel size to 4', params: { kernelSize: 4 } } });
  });

  it('a Conv1D fed table rows is told to make sequences first', () => {
    const conv1d = kind('layer.conv1d');
    const result = conv1d.inferShape(conv1d.params.parse({}), [[null, 4]], [{}]);
    expect(result).toMatchObject({ ok: false, code: 'E_RANK' });
    if (!result.ok) expect(result.hint).toContain('Reshape');
  });
});

/** The app's modules an exported project ships (lib/export/embed-sources.ts), by the path emitted code imports. */
const shippedModules: Record<string, Record<string, unknown>> = { './layers/attention': attention, './cpu-kernels': cpuKernels };
const shippedFiles: Record<string, string> = { './layers/attention': 'lib/layers/attention.ts', './cpu-kernels': 'lib/engine/cpu-kernels.ts' };

describe("every layer kind's emitted code is what build() makes", () => {
  /** emit() of the kind's accepted case, its seed left as the variable `seed`. */
  const emitted = (def: AnyNodeDefinition) => {
    const { p, input, info } = acceptedCase(def);
    const parts = def.emit!(p, { seed: raw('seed') }) as EmitByCategory['layer'];
    return { p, input, info, parts };
  };

  it.each(layers.map((d) => [d.kind, d] as const))('%s: same weights and outputs as build(), same seed', (_kind, def) => {
    const { p, input, info, parts } = emitted(def);
    const source = `function make(seed: number) {\n${(parts.declarations ?? []).map(String).join('\n')}\nreturn ${parts.layer};\n}`;
    const js = typescript.transpileModule(source, { compilerOptions: { target: typescript.ScriptTarget.ES2022 } }).outputText;
    // What the emitted code imports from the project's own modules, handed in by name.
    const named = (parts.imports ?? []).flatMap((i) => (i.named ?? []).map((name) => [name, shippedModules[i.module][name]] as const));
    const fromCode = new Function('tf', ...named.map(([name]) => name), `${js}\nreturn make(5);`)(tf, ...named.map(([, value]) => value)) as tf.layers.Layer;
    const fromBuild = def.build!(p, { tf, seed: 5 }) as tf.layers.Layer;
    const x = tf.input({ shape: input, dtype: info.ids ? 'int32' : 'float32' });
    expect((fromCode.apply(x) as tf.SymbolicTensor).shape).toEqual((fromBuild.apply(x) as tf.SymbolicTensor).shape);
    expect(fromCode.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(fromBuild.getWeights().map((w) => Array.from(w.dataSync())));
    const values = sampleInput(input, info, 3, 9);
    expect(Array.from((fromCode.apply(values) as tf.Tensor).dataSync())).toEqual(Array.from((fromBuild.apply(values) as tf.Tensor).dataSync()));
  });

  // The export contract type-checks whole exported programs; Embedding is in none yet (no dataset
  // gives integer ids), so every kind's emitted layer is also checked on its own here.
  it('type-checks under tsc --strict for every layer kind', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'layers-emit-'));
    try {
      const all = layers.map((def) => emitted(def).parts);
      const declarations = [...new Set(all.flatMap((parts) => (parts.declarations ?? []).map(String)))];
      const imports = new Map<string, Set<string>>();
      for (const i of all.flatMap((parts) => parts.imports ?? [])) for (const name of i.named ?? []) imports.set(i.module, (imports.get(i.module) ?? new Set()).add(name));
      for (const module of imports.keys()) {
        mkdirSync(path.join(dir, path.dirname(module)), { recursive: true });
        copyFileSync(path.join(repoRoot, shippedFiles[module]), path.join(dir, `${module}.ts`));
      }
      const importLines = [...imports].map(([module, names]) => `import { ${[...names].join(', ')} } from '${module}.js';\n`).join('');
      writeFileSync(
        path.join(dir, 'layers.ts'),
        `import * as tf from '@tensorflow/tfjs';\n${importLines}\nconst seed = 5;\n${declarations.join('\n')}\n\nexport const layers: tf.layers.Layer[] = [\n${all.map((parts) => `  ${parts.layer},`).join('\n')}\n];\n`,
      );
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: true }, files: ['layers.ts'] }),
      );
      symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      expect(typeCheckProjects([dir])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
