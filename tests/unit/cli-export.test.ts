import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '@/lib/document/document';
import { documentFileText } from '@/lib/document/read';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { generateProject, type ExportProject } from '@/lib/export/project';
import { decodeLink, encodeLink } from '@/lib/share/link';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { runCli, scratchFolder } from '../support/cli';
import { removeEdge } from '../support/pipeline';

const { dir, file } = scratchFolder('pipeline-export-');
const broken = file('broken.pipeline.json', documentFileText(removeEdge(irisMlp, 'classifier.out', 'loss.prediction')));

/** The project the generator makes of `doc` with the overrides, linked as the CLI links it. */
async function expectedProject(doc: PipelineDocument, overrides: { epochs?: number; maxSamples?: number }, base?: string): Promise<ExportProject> {
  const overridden = applyRunOverrides(doc, overrides);
  const result = await generateProject(overridden, { link: encodeLink(overridden, base) });
  if (!result.ok) throw new Error('the template does not export');
  return result.project;
}

/** The share link in the project's README, decoded: the document the code was generated from. */
function readmeDocument(out: string): PipelineDocument {
  const link = readFileSync(join(out, 'README.md'), 'utf8').match(/https?:\/\/[^\s()<>\]]+#pipeline=[\w.-]+/)?.[0];
  if (!link) throw new Error('no share link in README.md');
  const read = decodeLink(link);
  if (!read.ok) throw new Error(read.error.message);
  return read.doc;
}

describe('pipeline export', () => {
  it('writes every file of the project into a new nested folder, lists them on stdout, says how to run it on stderr', async () => {
    const out = join(dir, 'fresh', 'iris');
    const { status, out: stdout, err } = await runCli(['export', 'iris-mlp', '--out', out, '--epochs', '3', '--max-samples', '40', '--base', 'https://ml.example.com/builder/']);
    expect(status).toBe(0);
    const project = await expectedProject(irisMlp, { epochs: 3, maxSamples: 40 }, 'https://ml.example.com/builder/');
    expect(stdout).toBe(project.files.map((f) => `${join(out, f.path)}\n`).join(''));
    for (const f of project.files) expect(readFileSync(join(out, f.path), 'utf8'), f.path).toBe(f.text);
    expect(err).toBe(`Exported Iris species (MLP) to ${out}. Run it: cd ${out} && npm install && npx tsx pipeline.ts\n`);

    // The overrides reach the generator: the canvas the README links to is the overridden document.
    const linked = readmeDocument(out);
    expect(linked.nodes.find((n) => n.id === 'optimizer')?.params.epochs).toBe(3);
    expect(linked.nodes.find((n) => n.id === 'dataset')?.params.maxSamples).toBe(40);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('https://ml.example.com/builder/#pipeline=');
  });

  it('writes over its own files in an existing folder and leaves the others alone', async () => {
    const out = join(dir, 'existing folder');
    mkdirSync(out);
    writeFileSync(join(out, 'pipeline.ts'), 'old text');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const { status, err } = await runCli(['export', 'digit-cnn', '--out', out]);
    expect(status).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'pipeline.ts'), 'utf8')).toBe((await expectedProject(digitCnn, {})).files.find((f) => f.path === 'pipeline.ts')?.text);
    // A folder name a shell would split is quoted in the command to paste.
    expect(err).toContain(`Run it: cd '${out}' && npm install && npx tsx pipeline.ts`);
  });

  it('exports a share link', async () => {
    const out = join(dir, 'from-link');
    const { status } = await runCli(['export', encodeLink(irisMlp), '--out', out]);
    expect(status).toBe(0);
    expect(readmeDocument(out)).toEqual(irisMlp);
  });

  it('exits 1 on a pipeline with errors, with validate\'s words on stderr, and writes nothing', async () => {
    const out = join(dir, 'never');
    const { status, out: stdout, err } = await runCli(['export', broken, '--out', out]);
    expect({ status, stdout }).toEqual({ status: 1, stdout: '' });
    expect(err).toContain('error E_MISSING_INPUT at Categorical cross-entropy');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 when --out is a file, or a path through a file', async () => {
    const taken = file('taken.txt', 'a file');
    const onFile = await runCli(['export', 'iris-mlp', '--out', taken]);
    expect(onFile).toEqual({ status: 2, out: '', err: `--out "${taken}" is a file, not a folder. Give a folder to write the project into (it is created when missing).\n` });
    expect(readFileSync(taken, 'utf8')).toBe('a file');
    const through = await runCli(['export', 'iris-mlp', '--out', join(taken, 'project')]);
    expect(through).toMatchObject({ status: 2, out: '', err: expect.stringContaining(`Could not write ${join(taken, 'project', 'pipeline.ts')} (ENOTDIR).`) });
  });

  it.each([
    [[], '"export" needs --out DIR, the folder to write the project into.'],
    [['--out', ''], '"export" needs --out DIR, the folder to write the project into.'],
    [['--out', join(dir, 'x'), '--epochs', '501'], '--epochs must be a whole number from 1 to 500, not "501".'],
    [['--out', join(dir, 'x'), '--base', 'ftp://example.com/'], '--base must be a web address such as https://example.com/builder/, not "ftp://example.com/".'],
    [['--out', join(dir, 'x'), '--json'], '"export" has no option --json.'],
    [['--out'], '--out needs a value.'],
  ])('%j: a usage error, exit 2, nothing written', async (flags, problem) => {
    const { status, out, err } = await runCli(['export', 'iris-mlp', ...flags]);
    expect({ status, out }).toEqual({ status: 2, out: '' });
    expect(err).toContain(`pipeline: ${problem}`);
    expect(err).toContain('Usage: npm run --silent pipeline -- export <input> --out DIR');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('exits 2 on an input it cannot read', async () => {
    const { status, err } = await runCli(['export', join(dir, 'missing.json'), '--out', join(dir, 'y')]);
    expect(status).toBe(2);
    expect(err).toContain('There is no file or template');
  });

  it('has its help', async () => {
    const { status, out } = await runCli(['export', '-h']);
    expect(status).toBe(0);
    expect(out).toContain('Run the project: cd DIR && npm install && npx tsx pipeline.ts');
  });

  it('runs as CI runs it: paths on stdout, the next step on stderr, a relative --out from where the command was typed', { timeout: 60_000 }, async () => {
    // npm --prefix runs the script in the repository, as `npm run` from a subfolder does: the
    // relative --out still means a folder where the command was typed.
    const repo = join(import.meta.dirname, '..', '..');
    const { status, stdout, stderr } = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npm', ['--prefix', repo, 'run', '--silent', 'pipeline', '--', 'export', 'digit-cnn', '--out', 'spawned', '--epochs', '1'], { cwd: dir }, (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
    expect(status).toBe(0);
    const project = await expectedProject(digitCnn, { epochs: 1 });
    expect(stdout).toBe(project.files.map((f) => `${join('spawned', f.path)}\n`).join(''));
    expect(stderr).toBe('Exported Digit classifier (CNN) to spawned. Run it: cd spawned && npm install && npx tsx pipeline.ts\n');
    expect(readFileSync(join(dir, 'spawned', 'pipeline.ts'), 'utf8')).toBe(project.files[0].text);
  });
});
