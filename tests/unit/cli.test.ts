import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '@/cli/main';
import { documentFileText } from '@/lib/document/read';
import { decodeLink, encodeLink } from '@/lib/share/link';
import { templates } from '@/lib/templates';
import { scratchFolder } from '../support/cli';
import { removeNode } from '../support/pipeline';

const digit = templates[0].document;
const iris = templates[1].document;
const { dir, file } = scratchFolder('pipeline-cli-');

const good = file('good.pipeline.json', documentFileText(digit));
// The classifier's units typed wrong and the hidden layer's input wire gone: two errors on two nodes.
const broken = file(
  'broken.pipeline.json',
  documentFileText({
    ...digit,
    nodes: digit.nodes.map((n) => (n.id === 'classifier' ? { ...n, params: { ...n.params, units: 'ten' } } : n)),
    edges: digit.edges.filter((e) => e.target !== 'hidden'),
  }),
);
const warnsOnly = file('warns.pipeline.json', documentFileText(removeNode(iris, 'accuracy')));
const notJson = file('notes.txt', 'Remember to buy milk');
const notPipeline = file('other.json', JSON.stringify({ version: 2, name: 'x', nodes: [{ id: 'a', position: { x: 0, y: 0 } }], edges: [] }));
const folder = join(dir, 'folder');
mkdirSync(folder);

/** Runs the command in this process: what it wrote to each stream and its exit status. */
function run(...argv: string[]) {
  let out = '';
  let err = '';
  const status = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

describe('pipeline validate', () => {
  it.each([
    ['a file', good],
    ['a template id', 'digit-cnn'],
    ['a share link', encodeLink(digit)],
    ['a share link pasted without its scheme', encodeLink(digit).replace('http://', '')],
    ['a version 1 file', join(import.meta.dirname, '..', 'fixtures', 'golden', 'digit-cnn.doc-v1.pipeline.json')],
  ])('exits 0 on %s that compiles, saying so on stdout only', (_what, input) => {
    const { status, out, err } = run('validate', input);
    expect({ status, err }).toEqual({ status: 0, err: '' });
    expect(out).toBe(`Digit classifier (CNN): ${digit.nodes.length} nodes, ${digit.edges.length} wires\n\nCompiles, no issues.\n`);
  });

  it('exits 0 with warnings, and prints them', () => {
    const { status, out } = run('validate', warnsOnly);
    expect(status).toBe(0);
    expect(out).toContain('warning W_NO_METRIC\n  No metric: training shows the loss only.\n  Fix: Add a metric: Accuracy shows how often a classifier is right');
    expect(out).toMatch(/Compiles, with 1 warning\.\n$/);
  });

  it('exits 1 on a pipeline with errors, naming each node by its name and id, with the fix', () => {
    const { status, out, err } = run('validate', broken);
    expect({ status, err }).toEqual({ status: 1, err: '' });
    expect(out).toContain('error E_PARAM at Dense (classifier)\n  Dense: Units must be a whole number');
    expect(out).toContain('error E_MISSING_INPUT at Dense (hidden)\n');
    expect(out).toMatch(/Does not compile: 2 errors\.\n$/);
  });

  it('prints one JSON object with --json', () => {
    const { status, out } = run('validate', broken, '--json');
    expect(status).toBe(1);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ ok: false, name: 'Digit classifier (CNN)' });
    expect(json.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'E_PARAM', nodeId: 'classifier', node: 'Dense (classifier)' }),
      expect.objectContaining({ severity: 'error', code: 'E_MISSING_INPUT', nodeId: 'hidden', node: 'Dense (hidden)' }),
    ]);
    for (const issue of json.issues) expect(Object.keys(issue)).toEqual(['severity', 'code', 'nodeId', 'node', 'message', 'hint']);
    expect(JSON.parse(run('validate', 'iris-mlp', '--json').out)).toEqual({ ok: true, name: iris.name, issues: [] });
  });

  it.each([
    ['text that is not JSON', notJson, 'E_NOT_JSON', 'This file is not a pipeline: its text is not JSON'],
    ['a document with a node without a kind', notPipeline, 'E_NOT_PIPELINE', 'This file does not hold a pipeline the app can open: node 1 ("a") has no kind.'],
    ['a missing file', join(dir, 'missing.json'), 'E_NO_FILE', 'There is no file or template'],
    ['a folder', folder, 'E_UNREADABLE_FILE', 'is a folder, not a pipeline file.'],
    ['a damaged link', encodeLink(digit).slice(0, 300), 'E_DAMAGED_LINK', 'This link is damaged or incomplete'],
  ])('exits 2 on %s, with the words of the app on stderr', (_what, input, code, words) => {
    const plain = run('validate', input);
    expect(plain.status).toBe(2);
    expect(plain.out).toBe('');
    expect(plain.err).toContain(words);
    const json = run('validate', input, '--json');
    expect(json.status).toBe(2);
    expect(JSON.parse(json.out)).toEqual({ ok: false, error: { code, message: expect.stringContaining(words), hint: expect.any(String) } });
  });
});

describe('pipeline link', () => {
  it('prints the link alone, which opens to the same document', () => {
    const { status, out, err } = run('link', good);
    expect({ status, err }).toEqual({ status: 0, err: '' });
    expect(out.startsWith('http://localhost:3000/#pipeline=1.')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(decodeLink(out.trim())).toEqual({ ok: true, doc: digit });
  });

  it('takes the app address with --base', () => {
    expect(run('link', 'iris-mlp', '--base', 'https://ml.example.com/builder/').out).toMatch(/^https:\/\/ml\.example\.com\/builder\/#pipeline=1\./);
    expect(run('link', 'iris-mlp', '--base', 'not a url')).toMatchObject({ status: 2, out: '', err: expect.stringContaining('--base must be a web address') });
  });

  it('exits 2 on an input it cannot read', () => {
    expect(run('link', notJson)).toMatchObject({ status: 2, out: '', err: expect.stringContaining('not JSON') });
  });
});

describe('usage', () => {
  it('shows help for the command and for each verb on stdout', () => {
    for (const argv of [['--help'], ['-h']]) expect(run(...argv)).toMatchObject({ status: 0, err: '', out: expect.stringContaining('Commands:') });
    expect(run('validate', '--help')).toMatchObject({ status: 0, out: expect.stringContaining('Exit status: 0 when it compiles') });
    expect(run('link', '-h')).toMatchObject({ status: 0, out: expect.stringContaining('--base URL') });
  });

  it.each([
    [[], 'Give a command.'],
    [['frobnicate'], 'There is no command "frobnicate".'],
    [['validate'], '"validate" needs an <input>.'],
    [['validate', 'a', 'b'], '"validate" takes one <input>, not 2.'],
    [['validate', 'digit-cnn', '--jsn'], '"validate" has no option --jsn.'],
    [['link', 'digit-cnn', '--base'], '--base needs a value.'],
    [['link', 'digit-cnn', '--json'], '"link" has no option --json.'],
  ])('%j: says what is wrong and shows usage on stderr, exit 2', (argv, problem) => {
    const { status, out, err } = run(...argv);
    expect({ status, out }).toEqual({ status: 2, out: '' });
    expect(err).toContain(`pipeline: ${problem}`);
    expect(err).toContain('Usage: npm run --silent pipeline --');
  });
});

/** The real command through its npm script: exit codes and streams as a shell or CI sees them. */
describe('the command as CI runs it', () => {
  const spawn = (...args: string[]) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npm', ['run', '--silent', 'pipeline', '--', ...args], { cwd: join(import.meta.dirname, '..', '..') }, (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });

  it('gives exit 0, 1 and 2 with stdout and stderr apart, and a link that decodes', { timeout: 120_000 }, async () => {
    const [ok, errors, unreadable, shared] = await Promise.all([
      spawn('validate', good),
      spawn('validate', broken, '--json'),
      spawn('validate', notJson),
      spawn('link', 'digit-cnn'),
    ]);
    expect(ok).toMatchObject({ status: 0, stderr: '', stdout: expect.stringContaining('Compiles, no issues.') });
    expect(errors).toMatchObject({ status: 1, stderr: '' });
    expect(JSON.parse(errors.stdout).issues.map((i: { code: string }) => i.code)).toEqual(['E_PARAM', 'E_MISSING_INPUT']);
    expect(unreadable).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('This file is not a pipeline') });
    expect(shared.stderr).toBe('');
    expect(decodeLink(shared.stdout.trim())).toEqual({ ok: true, doc: digit });
  });
});
