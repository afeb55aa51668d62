import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition, EmitByCategory, EmitParts } from '@/nodes/define-node';
import { joinCode, raw, ts, type Code } from '@/lib/export/code';
import { projectTsconfig } from '@/lib/export/project-files';
import { repoRoot, tempDir } from '../support/export-project';
import { typeCheckProjects } from '../support/type-check';

/**
 * Every loss and metric trains in an exported variant (the contract test), on its default params.
 * Here each emit, with params that differ from the defaults, in the places the program puts it,
 * type-checks against metrics/metrics.ts and data/table.ts as the exported project ships them.
 */
const root = tempDir('pipeline-loss-metric-emit-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const seed = { seed: ts`SEED` };
const byCategory = (category: string) => nodeDefinitions.filter((d) => d.category === category) as AnyNodeDefinition[];
const losses = byCategory('loss');
const metrics = byCategory('metric');

/** Each loss and metric, with params that differ from the defaults where it has any. */
function emitted(): { parts: EmitParts[]; statements: Code[] } {
  const parts: EmitParts[] = [];
  const statements: Code[] = [];
  for (const def of losses) {
    const out = def.emit!(def.params.parse(def.kind === 'loss.huber' ? { delta: 0.5 } : {}), seed) as EmitByCategory['loss'];
    parts.push(out);
    statements.push(ts`model.compile({ optimizer: 'sgd', loss: ${out.loss} });`);
  }
  for (const def of metrics) {
    const out = def.emit!(def.params.parse(def.kind === 'metric.topKAccuracy' ? { k: 3 } : {}), seed) as EmitByCategory['metric'];
    parts.push(out);
    statements.push(ts`measures[${out.name}] = ${out.measure!};`);
    if (out.metric) statements.push(ts`model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: [${out.metric}] });`);
  }
  return { parts, statements };
}

/** A project holding lib/metrics and lib/data/table as shipped, and a file with the emitted code plus `extra`. */
function checkProject(name: string, extra: Code[] = []): string {
  const { parts, statements } = emitted();
  const named = new Map<string, Set<string>>();
  for (const i of parts.flatMap((p) => p.imports ?? [])) named.set(i.module, new Set([...(named.get(i.module) ?? []), ...(i.named ?? [])]));
  const source = joinCode([
    ts`import * as tf from '@tensorflow/tfjs';`,
    ts`import type { Metric } from './metrics/metrics';`,
    ...[...named].map(([module, names]) => ts`import { ${raw([...names].sort().join(', '))} } from ${module};`),
    ...parts.flatMap((p) => p.constants ?? []).map((c) => ts`const ${raw(c.name)} = ${c.value};`),
    ts`export const measures: Record<string, Metric> = {};`,
    ts`const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });`,
    ...statements,
    ...extra,
  ]);
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'metrics'), { recursive: true });
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  copyFileSync(path.join(repoRoot, 'lib/metrics/metrics.ts'), path.join(dir, 'metrics/metrics.ts'));
  copyFileSync(path.join(repoRoot, 'lib/data/table.ts'), path.join(dir, 'data/table.ts'));
  writeFileSync(path.join(dir, 'check.ts'), `${source.text}\n`);
  writeFileSync(path.join(dir, 'tsconfig.json'), projectTsconfig());
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('the emitted code of every loss and metric', () => {
  it('imports only from the shipped metrics/metrics.ts', () => {
    const imports = emitted().parts.flatMap((p) => p.imports ?? []);
    expect(new Set(imports.map((i) => i.module))).toEqual(new Set(['./metrics/metrics']));
    expect(imports.filter((i) => i.default)).toEqual([]);
  });

  it('type-checks against lib/metrics as the export ships it, and the check catches a wrong measure', () => {
    const good = checkProject('good');
    // A measure that forgets to call topK(k) is not a Metric.
    const bad = checkProject('bad', [ts`import { topK as topKOf } from './metrics/metrics';`, ts`measures.wrong = topKOf;`]);
    const problems = typeCheckProjects([good, bad]);
    expect(problems.filter((p) => p.startsWith('good/'))).toEqual([]);
    expect(problems.filter((p) => p.startsWith('bad/'))).toHaveLength(1);
  }, 120_000);
});
