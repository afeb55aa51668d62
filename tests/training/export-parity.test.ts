import { spawn } from 'node:child_process';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { RunJson } from '@/lib/engine/run-json';
import { documentFileText } from '@/lib/document/read';
import { templates } from '@/lib/templates';
import { flowersCsv, flowersPipeline } from '../support/csv-pipeline';
import { bin, exportOf, repoRoot, run, tempDir, writeProject } from '../support/export-project';
import { typeCheckProjects } from '../support/type-check';

/**
 * Parity, checked the way an engineer would: `pipeline export <template> --out DIR` with a short
 * configuration, the project type-checked as tsc (strict) would and run with tsx, against
 * `pipeline train <template> --json` on the same overrides. Every template must print the same
 * numbers to 1e-5 relative (they are in fact identical). So must a pipeline on a CSV file
 * (`--data` on both sides; the program reads the file by the path it was exported with).
 */
const quick = ['--epochs', '2', '--max-samples', '300'];
const root = tempDir('pipeline-export-parity-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `npm run pipeline` typed in `cwd`: relative paths on its command line start there. */
const pipeline = (...args: string[]) => pipelineIn(repoRoot, ...args);
const pipelineIn = (cwd: string, ...args: string[]) => run('npm', ['--prefix', repoRoot, 'run', '--silent', 'pipeline', '--', ...args], { cwd, maxBuffer: 1 << 24 });
const lastJsonLine = (stdout: string) => RunJson.parse(JSON.parse(stdout.trim().split('\n').at(-1)!));

describe('exported program vs pipeline train', () => {
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    for (const { id } of templates) {
      const dir = path.join(root, id);
      await pipeline('export', id, '--out', dir, ...quick);
      // Stands in for `npm install` in the project.
      symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      dirs.set(id, dir);
    }
    // A pipeline on a CSV file: the file beside the project, given by a path relative to where the command runs.
    writeFileSync(path.join(root, 'flowers.csv'), flowersCsv);
    writeFileSync(path.join(root, 'flowers.pipeline.json'), documentFileText(flowersPipeline()));
    await pipelineIn(root, 'export', 'flowers.pipeline.json', '--data', 'flowers.csv', '--out', 'flowers-csv', ...quick);
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'flowers-csv', 'node_modules'), 'dir');
    dirs.set('flowers-csv', path.join(root, 'flowers-csv'));
  }, 180_000);

  // One process checks them all, sharing the parsed declarations: a tsc per project would
  // re-read tfjs's types each time and cost minutes.
  it('every exported template passes tsc --strict --noEmit', () => {
    expect(dirs.size).toBe(templates.length + 1);
    expect(typeCheckProjects([...dirs.values()])).toEqual([]);
  }, 300_000);

  /** Each exported project, and the input pipeline train is given for the same pipeline. */
  const cases: [name: string, input: string[]][] = [...templates.map((t): [string, string[]] => [t.id, [t.id]]), ['flowers-csv', ['flowers.pipeline.json', '--data', 'flowers.csv']]];
  it.each(cases)('%s prints the numbers of pipeline train', async (id, input) => {
    const dir = dirs.get(id)!;
    // The exported program trains in its own process while pipeline train runs.
    const exported = run(bin('tsx'), ['pipeline.ts'], { cwd: dir, maxBuffer: 1 << 24 }).then(({ stdout, stderr }) => {
      // It fitted its data steps as the app did (the CSV pipeline checks against the values exported with it).
      expect(stderr).not.toContain('not the data this project was exported with');
      return lastJsonLine(stdout);
    });
    // Typed in the repo for a template id (the scratch folder holds folders named after them), beside the CSV for the CSV pipeline.
    const trained = await pipelineIn(id === 'flowers-csv' ? root : repoRoot, 'train', ...input, ...quick, '--json');
    // --json prints exactly one JSON object.
    expect(trained.stdout.trim().split('\n')).toHaveLength(1);
    const expected = lastJsonLine(trained.stdout);
    const actual = await exported;

    expect(actual.outcome).toBe(expected.outcome);
    expect(actual.epochs).toBe(expected.epochs);
    expect(Object.keys(actual.metrics)).toEqual(Object.keys(expected.metrics));
    expect(Object.keys(expected.metrics)).toContain('val_loss');
    for (const [key, value] of Object.entries(expected.metrics)) {
      const got = actual.metrics[key];
      // null: not a number on both sides (JSON has no NaN).
      if (value === null || got === null) expect(got, key).toBe(value);
      else expect(Math.abs(got - value), `${key}: exported ${got}, engine ${value}`).toBeLessThanOrEqual(1e-5 * Math.abs(value));
    }
  }, 180_000);

  it('stops after the current batch on Ctrl+C and still prints the result (npm start)', async () => {
    const digits = templates.find((t) => t.id === 'digit-cnn')!.document;
    const dir = writeProject(await exportOf(applyRunOverrides(digits, { epochs: 20, maxSamples: 1000 })), path.join(root, 'sigint'));
    // What `npm start` runs; the signal goes to the program itself, as Ctrl+C sends it.
    const child = spawn(process.execPath, ['--import', 'tsx', 'pipeline.ts'], { cwd: dir });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Epoch 1/') && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const result = RunJson.parse(JSON.parse(stdout.trim().split('\n').at(-1)!));
    expect(result.outcome).toBe('stopped');
    expect(result.epochs).toBeGreaterThanOrEqual(1);
    expect(result.epochs).toBeLessThan(20);
    expect(Object.keys(result.metrics)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
  }, 60_000);
});
