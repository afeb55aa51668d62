import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { applyRunOverrides, type RunOverrides } from '@/lib/document/run-overrides';
import { RunJson, runJson } from '@/lib/engine/run-json';
import { trainInNode } from '@/lib/engine/train-in-node';
import { templates } from '@/lib/templates';
import { bin, exportOf, run, tempDir, writeProject } from '../support/export-project';

/**
 * Parity: the exported program, type-checked with tsc (strict) and run with tsx, prints the
 * numbers the app's engine gives on the same document, overrides and seed, for every template.
 */
const quick: RunOverrides = { epochs: 2, maxSamples: 300 };
const root = tempDir('pipeline-export-parity-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('exported program vs the engine', () => {
  it.each(templates.map((t) => [t.id, t.document] as const))('%s prints the engine numbers', async (id, template) => {
    const doc = applyRunOverrides(template, quick);
    const compiled = compile(doc);
    if (!compiled.ok) throw new Error(`${id} does not compile`);
    const dir = writeProject(await exportOf(doc), path.join(root, id));

    // The exported program type-checks and trains in child processes while the engine trains here.
    const exported = (async () => {
      await run(bin('tsc'), ['-p', dir, '--noEmit']).catch((e: { stdout?: string }) => {
        throw new Error(`tsc failed on the ${id} export:\n${e.stdout}`);
      });
      const { stdout } = await run(bin('tsx'), ['pipeline.ts'], { cwd: dir, maxBuffer: 1 << 24 });
      return RunJson.parse(JSON.parse(stdout.trim().split('\n').at(-1)!));
    })();
    const expected = runJson(await trainInNode(compiled.spec));
    const actual = await exported;

    expect(actual.outcome).toBe(expected.outcome);
    expect(actual.epochs).toBe(expected.epochs);
    expect(Object.keys(actual.metrics)).toEqual(Object.keys(expected.metrics));
    expect(Object.keys(expected.metrics)).toContain('val_loss');
    for (const [key, value] of Object.entries(expected.metrics)) {
      const got = actual.metrics[key];
      expect(Math.abs(got - value), `${key}: exported ${got}, engine ${value}`).toBeLessThanOrEqual(1e-5 * Math.abs(value));
    }
  }, 90_000);

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
