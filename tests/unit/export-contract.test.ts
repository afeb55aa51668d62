import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDefinitions } from '@/nodes';
import { compile } from '@/lib/compile/compile';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { runJson, type RunJson } from '@/lib/engine/run-json';
import { trainInNode } from '@/lib/engine/train-in-node';
import type { ExportProject } from '@/lib/export/project';
import { flowersCsv, readFlowers } from '../support/csv-pipeline';
import { exportVariants } from '../support/export-variants';
import { exportOf, tempDir, writeProject } from '../support/export-project';
import { typeCheckProjects } from '../support/type-check';

/** Every node kind emits code, and every way the kinds are combined exports a project that type-checks. */
const root = tempDir('pipeline-export-contract-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const exported = new Map<string, ExportProject>();
const dirs = new Map<string, string>();

describe('export contract over the node registry', () => {
  it.each(nodeDefinitions.map((d) => [d.kind, d] as const))('%s has emit()', (_kind, def) => {
    expect(typeof def.emit).toBe('function');
  });

  it('the variants use every node kind, and each compiles', () => {
    const used = new Set(exportVariants.flatMap((v) => v.doc.nodes.map((n) => n.kind)));
    expect([...used].sort()).toEqual(nodeDefinitions.map((d) => d.kind).sort());
    for (const { name, doc } of exportVariants) {
      const result = compile(doc);
      expect(result.ok ? [] : result.issues.map((i) => i.message), name).toEqual([]);
    }
  });

  beforeAll(async () => {
    for (const { name, doc } of exportVariants) {
      const project = await exportOf(doc);
      exported.set(name, project);
      dirs.set(name, writeProject(project, path.join(root, name)));
    }
  }, 120_000);

  it('every variant exports, with one function per stage and the canvas node of each layer named', () => {
    for (const { name, doc } of exportVariants) {
      const source = exported.get(name)!.files[0].text;
      for (const stage of ['loadData', 'preprocess', 'buildModel', 'train', 'runPipeline']) {
        expect(source, `${name}: ${stage}`).toContain(`export ${stage === 'preprocess' || stage === 'buildModel' ? '' : 'async '}function ${stage}(`);
      }
      const layers = doc.nodes.filter((n) => n.kind.startsWith('layer.'));
      for (const layer of layers) expect(source, `${name}: ${layer.id}`).toContain(`(canvas node "${layer.id}")`);
      // Plain code, not an interpreter of the graph: no spec read back, no switch over node kinds
      // (a target's own `kind`, classes or numbers, is data and may be checked).
      expect(source).not.toMatch(/JSON\.parse|'(data|preprocess|layer|loss|metric|optimizer)\.[a-zA-Z0-9]+'/);
    }
  });

  it('all exported projects pass tsc --strict --noEmit', () => {
    expect(dirs.size).toBe(exportVariants.length);
    expect(typeCheckProjects([...dirs.values()])).toEqual([]);
  }, 400_000);

  it('the type check does catch a mistake in an exported project', () => {
    const project = exported.get('iris-mlp')!;
    const broken = { ...project, files: project.files.map((f) => (f.path === 'pipeline.ts' ? { ...f, text: `${f.text}\nexport const wrong: number = EPOCHS.toFixed(1);\n` } : f)) };
    const problems = typeCheckProjects([writeProject(broken, path.join(root, 'broken'))]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/pipeline\.ts:\d+: Type 'string' is not assignable to type 'number'/);
  }, 60_000);

  it('a CSV pipeline reads its file by path from the project\'s folder: without it, loadData says where to put it; with it, the engine\'s numbers', async () => {
    const doc = applyRunOverrides(exportVariants.find((v) => v.name === 'csv-flowers')!.doc, { epochs: 3 });
    const compiled = compile(doc);
    if (!compiled.ok || compiled.spec.data.dataset.source !== 'csv') throw new Error('csv-flowers does not compile to a CSV source');
    const dir = writeProject(await exportOf(doc), path.join(root, 'csv-flowers-run'));
    const program = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'pipeline.ts')).href)) as { loadData(): Promise<unknown>; runPipeline(): Promise<RunJson> };
    await expect(program.loadData()).rejects.toThrow(`There is no CSV file at ${path.join(dir, 'flowers.csv')}. Put the file there, or set DATA_PATH in pipeline.ts`);
    writeFileSync(path.join(dir, 'flowers.csv'), flowersCsv);
    const actual = JSON.parse(JSON.stringify(await program.runPipeline()));
    const { fingerprint } = compiled.spec.data.dataset;
    const upload = { kind: 'csv' as const, fingerprint, file: 'flowers.csv', bytes: flowersCsv.length, savedAt: 0, data: readFlowers(), problems: [] };
    expect(actual).toEqual(runJson(await trainInNode(compiled.spec, {}, {}, { [fingerprint]: upload })));
  }, 120_000);

  it('an image folder pipeline exports and type-checks, and its loadData says in words that the project cannot read the images', async () => {
    const dir = dirs.get('images-shapes')!;
    const program = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'pipeline.ts')).href)) as { loadData(): Promise<unknown> };
    await expect(program.loadData()).rejects.toThrow('This pipeline trains on images uploaded in the app, which an exported project cannot read yet: train it in the app.');
  });

  // The small variants (Iris, and a few hundred rows of the others) also run (3 epochs, in this
  // process) and give the engine's numbers: every loss, metric, data step and run setting.
  it.each(exportVariants.filter((v) => /^(iris|small)-/.test(v.name)).map((v) => [v.name, v.doc] as const))(
    '%s runs and matches the engine',
    async (name, doc) => {
      const quick = applyRunOverrides(doc, { epochs: 3 });
      const compiled = compile(quick);
      if (!compiled.ok) throw new Error(`${name} does not compile`);
      const dir = writeProject(await exportOf(quick), path.join(root, `${name}-run`));
      const program = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'pipeline.ts')).href)) as { runPipeline(): Promise<RunJson> };
      // As the program prints it: JSON, where a value that is not a number reads null, as in RunJson.
      const actual = JSON.parse(JSON.stringify(await program.runPipeline()));
      const expected = runJson(await trainInNode(compiled.spec));
      expect(actual).toEqual(expected);
    },
    120_000,
  );
});
