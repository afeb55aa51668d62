import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvNodesOf, matchDataArgs, parseDataArg, problemSummary, type DataArg } from '@/cli/data-files';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { documentFileText } from '@/lib/document/read';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { RunJson, runJson } from '@/lib/engine/run-json';
import { trainInNode } from '@/lib/engine/train-in-node';
import { Fingerprint } from '@/lib/upload/fingerprint';
import { runCli, scratchFolder } from '../support/cli';
import { flowersCsv, flowersPipeline, readFlowers } from '../support/csv-pipeline';
import { exportVariants } from '../support/export-variants';

const { dir, file } = scratchFolder('pipeline-data-');
const flowers = flowersPipeline();
const flowersFile = file('flowers.pipeline.json', documentFileText(flowers));
const csv = file('flowers.csv', flowersCsv);

/** The flowers pipeline with a second CSV file node, named "Flowers" as the first is, built on extra.csv. */
const twoNodes: PipelineDocument = {
  ...flowers,
  nodes: [
    ...flowers.nodes.map((n) => (n.id === 'dataset' ? { ...n, label: 'Flowers' } : n)),
    { ...flowers.nodes.find((n) => n.id === 'dataset')!, id: 'extra', label: 'Flowers', params: { ...flowers.nodes.find((n) => n.id === 'dataset')!.params, file: 'extra.csv' } },
  ],
};

/** The fingerprint --data gives flowers.csv, computed apart from the reader. */
function flowersFingerprint(): string {
  const fingerprint = new Fingerprint();
  fingerprint.update(new TextEncoder().encode(flowersCsv));
  return fingerprint.digest('csv');
}

/** The flowers pipeline's spec for `epochs`, with its CSV file node on the rows kept under `key`. */
function flowersOn(key: string, epochs: number) {
  const doc = { ...flowers, nodes: flowers.nodes.map((n) => (n.id === 'dataset' ? { ...n, params: { ...n.params, fingerprint: key } } : n)) };
  const compiled = compile(applyRunOverrides(doc, { epochs }));
  if (!compiled.ok) throw new Error('flowers does not compile');
  return compiled.spec;
}

const args = (...texts: string[]): DataArg[] =>
  texts.map((text) => {
    const parsed = parseDataArg(text);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    return parsed.arg;
  });

describe('--data KEY=PATH', () => {
  it('reads KEY=PATH at the first "=", and PATH alone', () => {
    expect(parseDataArg('dataset=data/flowers.csv')).toEqual({ ok: true, arg: { key: 'dataset', path: 'data/flowers.csv' } });
    expect(parseDataArg('flowers.csv=runs/a=b.csv')).toEqual({ ok: true, arg: { key: 'flowers.csv', path: 'runs/a=b.csv' } });
    expect(parseDataArg('flowers.csv')).toEqual({ ok: true, arg: { path: 'flowers.csv' } });
    expect(parseDataArg('dataset=')).toMatchObject({ ok: false, problem: { message: '--data "dataset=" names no file.' } });
    expect(parseDataArg('=flowers.csv')).toMatchObject({ ok: false, problem: { message: '--data "=flowers.csv" has nothing before "=".' } });
  });

  it('matches a key to the node id, else its name on the canvas, else the file it was built on; a single node needs no key', () => {
    const nodes = csvNodesOf(flowers);
    expect(nodes.map((n) => [n.node.id, n.name, n.file])).toEqual([['dataset', 'CSV file', 'flowers.csv']]);
    for (const key of ['dataset', 'CSV file', 'flowers.csv']) {
      expect(matchDataArgs(nodes, args(`${key}=new.csv`))).toEqual({ ok: true, paths: new Map([['dataset', 'new.csv']]) });
    }
    expect(matchDataArgs(nodes, args('new.csv'))).toEqual({ ok: true, paths: new Map([['dataset', 'new.csv']]) });
    // An id wins over another node's name.
    const both = csvNodesOf(twoNodes);
    expect(matchDataArgs(both, args('extra=b.csv', 'dataset=a.csv'))).toEqual({ ok: true, paths: new Map([['extra', 'b.csv'], ['dataset', 'a.csv']]) });
    expect(matchDataArgs(both, args('extra.csv=b.csv', 'flowers.csv=a.csv'))).toEqual({ ok: true, paths: new Map([['extra', 'b.csv'], ['dataset', 'a.csv']]) });
  });

  it.each([
    [
      'an unknown key lists the CSV file nodes',
      flowers,
      ['petals=x.csv'],
      '--data petals=x.csv: the pipeline has no CSV file node "petals". Its CSV file node is "CSV file" (node dataset, built on flowers.csv).',
      'Use a node\'s id, its name or the file it was built on: --data dataset=x.csv.',
    ],
    [
      'no key with two CSV file nodes',
      twoNodes,
      ['x.csv'],
      '--data x.csv does not say which CSV file node it is for: the pipeline has 2, "Flowers" (node dataset, built on flowers.csv), "Flowers" (node extra, built on extra.csv).',
      'Give each with its node\'s id: --data dataset=x.csv.',
    ],
    [
      'a name two nodes share',
      twoNodes,
      ['Flowers=x.csv'],
      '--data Flowers=x.csv: "Flowers" names 2 CSV file nodes, "Flowers" (node dataset, built on flowers.csv), "Flowers" (node extra, built on extra.csv).',
      'Use the node\'s id instead: --data dataset=x.csv.',
    ],
    ['one node given twice', flowers, ['dataset=a.csv', 'flowers.csv=b.csv'], '--data gives "CSV file" (node dataset, built on flowers.csv) two files: a.csv and b.csv.', 'Give each CSV file node one file.'],
    [
      'a CSV file node left without --data',
      twoNodes,
      ['dataset=a.csv'],
      'Node extra ("Flowers") was built on extra.csv, whose rows stay in the browser it was uploaded in.',
      'Give it with --data extra=path/to/extra.csv.',
    ],
    ['no --data at all', flowers, [], 'Node dataset ("CSV file") was built on flowers.csv, whose rows stay in the browser it was uploaded in.', 'Give it with --data dataset=path/to/flowers.csv.'],
  ])('%s', (_name, doc, given, message, hint) => {
    expect(matchDataArgs(csvNodesOf(doc), args(...given))).toEqual({ ok: false, problem: { message, hint } });
  });

  it('summarises the reader\'s problems: the first few in its words (row and column), then how many more', () => {
    const problems = [...Array.from({ length: 7 }, (_, i) => ({ code: 'CSV_NOT_A_NUMBER' as const, row: i + 2, column: 'a', message: `Row ${i + 2}, column "a": bad.` }))];
    const text = problemSummary('f.csv', problems);
    expect(text.split('\n')).toEqual([
      'f.csv has 7 problems (the pipeline may still train: its nodes decide what to do with gaps):',
      '  Row 2, column "a": bad.',
      '  Row 3, column "a": bad.',
      '  Row 4, column "a": bad.',
      '  Row 5, column "a": bad.',
      '  Row 6, column "a": bad.',
      '  …and 2 more; the app lists them all when the file is picked on the canvas.',
      '',
    ]);
    expect(problemSummary('f.csv', problems.slice(0, 1))).toBe('f.csv has a problem (the pipeline may still train: its nodes decide what to do with gaps):\n  Row 2, column "a": bad.\n');
  });
});

describe('pipeline train --data', () => {
  it('trains the flowers pipeline on the file: exit 0, the --json metrics of the engine on the same rows', async () => {
    const { status, out, err } = await runCli(['train', flowersFile, '--data', csv, '--epochs', '2', '--json']);
    expect(err).toContain('Reading flowers.csv (');
    expect(err).toContain('Read flowers.csv: 30 rows, 4 columns.\nflowers.csv has 2 problems');
    expect(err).toContain('Row 8, column "petal_width": "oops" is not a number.');
    expect(status).toBe(0);
    const json = RunJson.parse(JSON.parse(out));
    expect(json).toMatchObject({ outcome: 'finished', epochs: 2 });
    expect(Object.keys(json.metrics)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);

    // The same rows through the engine: the node's params are the file's schema under its fingerprint.
    const key = flowersFingerprint();
    const upload = { kind: 'csv' as const, fingerprint: key, file: 'flowers.csv', bytes: flowersCsv.length, savedAt: 0, data: readFlowers(), problems: [] };
    expect(json).toEqual(runJson(await trainInNode(flowersOn(key, 2), {}, {}, { [key]: upload })));
  }, 60_000);

  it('--stream trains on the file chunk by chunk, says how the split differs, and falls back when a step needs every row', async () => {
    const streamed = await runCli(['train', flowersFile, '--data', csv, '--stream', '--epochs', '2', '--json']);
    expect(streamed.err).toContain('Streaming: each row goes to training, validation or test by a seeded hash of its row number');
    // The file was not read whole first: no "Read flowers.csv" line.
    expect(streamed.err).not.toContain('Read flowers.csv:');
    expect(streamed.status).toBe(0);
    expect(RunJson.parse(JSON.parse(streamed.out))).toMatchObject({ outcome: 'finished', epochs: 2 });

    const median = flowers.nodes.map((n) => (n.id === 'fill' ? { ...n, label: 'Fill gaps', params: { strategy: 'median' } } : n));
    const medianFile = file('median.pipeline.json', documentFileText({ ...flowers, nodes: median }));
    const loaded = await runCli(['train', medianFile, '--data', csv, '--stream', '--epochs', '1', '--json']);
    expect(loaded.err).toContain('Fill gaps cannot learn chunk by chunk');
    expect(loaded.err).toContain('Read flowers.csv: 30 rows');
    expect(loaded.status).toBe(0);
  }, 60_000);

  const missingColumn = file('no-width.csv', flowersCsv.replace('petal_width', 'width'));
  it.each([
    [['--data', 'petals=x.csv'], '--data petals=x.csv: the pipeline has no CSV file node "petals". Its CSV file node is "CSV file" (node dataset, built on flowers.csv).\n'],
    [[], 'Node dataset ("CSV file") was built on flowers.csv, whose rows stay in the browser it was uploaded in.\nGive it with --data dataset=path/to/flowers.csv.\n'],
    [['--data', join(dir, 'absent.csv')], `There is no file "${join(dir, 'absent.csv')}" (from --data).\nCheck the path: a relative one starts from the folder the command is typed in.\n`],
    [['--data', dir], `--data "${dir}" is a folder, not a CSV file.\n`],
    [['--data', file('empty.csv', '\n\n')], 'cannot be used: The file is empty: it has no header and no rows. Upload a CSV whose first row names the columns.\nFix the file, or give another with --data.\n'],
    [['--data', file('header.csv', 'a,b\n')], 'cannot be used: The file has a header ("a" and "b") but no rows under it. Upload a file with data from row 2 on.\n'],
    [['--data', file('binary.csv', 'PK\u0003\u0004\u0000\u0000,x\n1,2\n')], 'cannot be used: This file is not a CSV: row 1 holds binary data'],
    [['--data', missingColumn], `${missingColumn} has no column "petal_width", which node dataset ("CSV file") reads (it was built on flowers.csv).\nGive a file with that column, or leave it out on the CSV file node in the app.\n`],
  ])('%j: exit 2, the problem and what to do on stderr, nothing trained', async (flags, problem) => {
    const { status, out, err } = await runCli(['train', flowersFile, ...flags, '--json']);
    expect({ status, out }).toEqual({ status: 2, out: '' });
    expect(err).toContain(problem);
    expect(err).not.toContain('Training…');
  });

  it('refuses --data on a pipeline without a CSV file node, and a pipeline on uploaded images', async () => {
    const builtin = await runCli(['train', 'iris-mlp', '--data', csv]);
    expect(builtin).toEqual({ status: 2, out: '', err: 'This pipeline has no CSV file node, so --data has nothing to read into.\nLeave --data out: the pipeline trains on its built-in dataset.\n' });
    const images = file('shapes.pipeline.json', documentFileText(exportVariants.find((v) => v.name === 'images-shapes')!.doc));
    expect(await runCli(['train', images])).toEqual({
      status: 2,
      out: '',
      err: 'Node dataset ("Image folder") trains on images uploaded in the app, which the command line cannot read yet.\nTrain this pipeline in the app.\n',
    });
  });

  it.each([
    [['--data', '=x.csv'], '--data "=x.csv" has nothing before "=". Write the CSV file node\'s id, name or file name before "=", or leave the "=" out.'],
    [['--data'], '--data needs a value.'],
  ])('%j: a usage error, exit 2', async (flags, problem) => {
    const { status, err } = await runCli(['train', flowersFile, ...flags]);
    expect(status).toBe(2);
    expect(err).toContain(`pipeline: ${problem}`);
    expect(err).toContain('Usage: npm run --silent pipeline -- train <input> [--data KEY=PATH]');
  });

  it('has the flag in its help, with an example', async () => {
    for (const verb of ['train', 'export']) {
      const { out } = await runCli([verb, '--help']);
      expect(out).toContain('--data KEY=PATH   The CSV file a CSV file node reads');
      expect(out).toContain(`${verb} flowers.pipeline.json --data flowers.csv`);
    }
  });
});

describe('pipeline export --data', () => {
  it('writes DATA_PATH relative to the project, and what each data step learnt as constants equal to the engine\'s fit', async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'flowers.csv'), flowersCsv);
    const out = join(dir, 'projects', 'flowers');
    // Typed relative to where the command runs; written relative to the project, where the program resolves it.
    const { status, err } = await runCli(['export', flowersFile, '--data', `dataset=${relative(process.cwd(), join(data, 'flowers.csv'))}`, '--out', out]);
    expect(status).toBe(0);
    expect(err).toContain('Fitting the preprocessing on the training rows…');
    const source = readFileSync(join(out, 'pipeline.ts'), 'utf8');
    expect(source).toContain("export const DATA_PATH = '../../data/flowers.csv';");
    // Under the comment naming the canvas node, checked by preprocess().
    expect(source).toMatch(/\/\/ From Missing values \(canvas node "fill"\)\n\/\*\*[^\n]*\*\/\nexport const FILL_FITTED = \{ fills: \{ petal_width: [\d.]+ \} \};/);
    expect(source).toMatch(/\/\/ From Standardize \(canvas node "standardize"\)\n\/\*\*[^\n]*\*\/\nexport const STANDARDIZE_FITTED = \{\n {2}mean: \[/);
    expect(source).toContain("{ node: 'standardize', constant: 'STANDARDIZE_FITTED', value: STANDARDIZE_FITTED },");

    const key = flowersFingerprint();
    const { fitted } = await trainInNode(flowersOn(key, 1), {}, {}, {
      [key]: { kind: 'csv', fingerprint: key, file: 'flowers.csv', bytes: flowersCsv.length, savedAt: 0, data: readFlowers(), problems: [] },
    });
    // The constants as the program reads them (a literal of plain JSON values).
    const constant = (name: string) => JSON.parse(JSON.stringify(new Function(`return ${source.match(new RegExp(`export const ${name} = ([^;]+);`))![1]}`)()));
    expect(constant('FILL_FITTED')).toEqual(fitted.fill);
    expect(constant('STANDARDIZE_FITTED')).toEqual(fitted.standardize);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('`FILL_FITTED`, `STANDARDIZE_FITTED` in `pipeline.ts` hold what the preprocessing learnt');
    // An absolute path stays as it is.
    const absolute = join(dir, 'projects', 'absolute');
    expect((await runCli(['export', flowersFile, '--data', join(data, 'flowers.csv'), '--out', absolute])).status).toBe(0);
    expect(readFileSync(join(absolute, 'pipeline.ts'), 'utf8')).toContain(`export const DATA_PATH = '${join(data, 'flowers.csv')}';`);
    expect(JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'))).toMatchObject({ dependencies: { papaparse: expect.any(String) }, devDependencies: { '@types/papaparse': expect.any(String) } });
  }, 60_000);

  it('without --data, as the app exports it: the program reads the file it was built on, next to pipeline.ts, and fits on its own', async () => {
    const out = join(dir, 'projects', 'no-data');
    const { status, err } = await runCli(['export', flowersFile, '--out', out]);
    expect(status).toBe(0);
    expect(err).not.toContain('Fitting');
    const source = readFileSync(join(out, 'pipeline.ts'), 'utf8');
    expect(source).toContain("export const DATA_PATH = 'flowers.csv';");
    expect(source).toContain("The project was exported without the CSV file's rows, so what each step learns");
    expect(source).not.toContain('_FITTED');
    // An image folder pipeline exports too (its loader says it cannot read the images).
    const images = file('shapes-export.pipeline.json', documentFileText(exportVariants.find((v) => v.name === 'images-shapes')!.doc));
    expect((await runCli(['export', images, '--out', join(dir, 'projects', 'shapes')])).status).toBe(0);
  });
});
