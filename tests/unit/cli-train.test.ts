import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '@/cli/io';
import { progressBar } from '@/cli/progress';
import { compile } from '@/lib/compile/compile';
import { documentFileText } from '@/lib/document/read';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { RunJson, runJson } from '@/lib/engine/run-json';
import { trainInNode } from '@/lib/engine/train-in-node';
import { encodeLink } from '@/lib/share/link';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { runCli, scratchFolder } from '../support/cli';
import { exportVariants } from '../support/export-variants';
import { removeEdge, setParams } from '../support/pipeline';

const { dir, file } = scratchFolder('pipeline-train-');

/** The classifier's prediction no longer reaches the loss: a pipeline that must not train. */
const broken = file('broken.pipeline.json', documentFileText(removeEdge(irisMlp, 'classifier.out', 'loss.prediction')));
/** SGD at 1,000 times its usual step: the loss shoots up within a few epochs. */
const exploding = file(
  'exploding.pipeline.json',
  documentFileText({
    ...irisMlp,
    nodes: irisMlp.nodes.map((n) => (n.id === 'optimizer' ? { ...n, kind: 'optimizer.sgd', params: { learningRate: 10, epochs: 20, batchSize: 16, seed: 42 } } : n)),
  }),
);

/** What the engine itself gives on the same document and overrides: the CLI must print exactly this. */
async function direct(epochs: number) {
  const result = compile(applyRunOverrides(irisMlp, { epochs }));
  if (!result.ok) throw new Error('iris-mlp does not compile');
  return runJson(await trainInNode(result.spec));
}

describe('pipeline train', () => {
  it('--json prints exactly one RunJson object, the numbers of the engine run on the same overrides', async () => {
    const { status, out, err } = await runCli(['train', 'iris-mlp', '--epochs', '2', '--json']);
    expect(status).toBe(0);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    const json = RunJson.parse(JSON.parse(out));
    expect(Object.keys(json)).toEqual(['outcome', 'epochs', 'metrics']);
    expect(Object.keys(json.metrics).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(json).toMatchObject({ outcome: 'finished', epochs: 2 });
    expect(json).toEqual(await direct(2));
    // Not a TTY here: one line per epoch, never a redraw.
    expect(err).toContain('Training…\n');
    expect(err).toMatch(/^Epoch 1\/2 \[#+\] 8\/8 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} {2}val_loss \d\.\d{4} {2}val_accuracy \d\.\d{4}$/m);
    expect(err).toMatch(/^Epoch 2\/2 \[#+\] 8\/8 /m);
    expect(err).not.toContain('\r');
  });

  it('shows the validation metrics the pipeline measures, on a regression too: val_mae, val_rmse…, no accuracy', async () => {
    const cars = file('cars.pipeline.json', documentFileText(exportVariants.find((v) => v.name === 'small-cars-huber')!.doc));
    const { status, out, err } = await runCli(['train', cars, '--epochs', '1', '--json']);
    expect(status).toBe(0);
    const json = RunJson.parse(JSON.parse(out));
    expect(Object.keys(json.metrics)).toEqual(['loss', 'val_loss', 'val_mae', 'val_mse', 'val_rmse', 'val_r2']);
    expect(err).toMatch(/^Epoch 1\/1 \[#+\] \d+\/\d+ {2}loss \d+\.\d{4} {2}val_loss \d+\.\d{4} {2}val_mae \d+\.\d{4} {2}val_mse \d+\.\d{4} {2}val_rmse \d+\.\d{4} {2}val_r2 -?\d+\.\d{4}$/m);
  });

  it('prints a short summary without --json, after the overrides', async () => {
    const { status, out } = await runCli(['train', 'iris-mlp', '--epochs', '1', '--max-samples', '60']);
    expect(status).toBe(0);
    expect(out).toMatch(/^Iris species \(MLP\): finished 1 epoch \(48 training samples, 12 for validation\)\.\nLast epoch: loss \d\.\d{4} {2}accuracy /);
  });

  it('trains a share link', async () => {
    const { status, out } = await runCli(['train', encodeLink(irisMlp), '--epochs', '1', '--json']);
    expect(status).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ outcome: 'finished', epochs: 1 });
  });

  it('exits 1 on a pipeline with errors: validate\'s words on stderr, nothing trained, nothing on stdout', async () => {
    for (const json of [[], ['--json']]) {
      const { status, out, err } = await runCli(['train', broken, ...json]);
      expect({ status, out }).toEqual({ status: 1, out: '' });
      expect(err).toContain('error E_MISSING_INPUT at Categorical cross-entropy');
      expect(err).toMatch(/Does not compile: 1 error\.\n$/);
      expect(err).not.toContain('Preparing data');
    }
  });

  it('exits 3 when training diverges, with the engine\'s reason and fix on stderr and the result still printed', async () => {
    const { status, out, err } = await runCli(['train', exploding, '--json']);
    expect(status).toBe(3);
    expect(RunJson.parse(JSON.parse(out)).outcome).toBe('diverged');
    expect(err).toMatch(/Training diverged at epoch \d+: the loss shot up to .*\nLower the learning rate of SGD from 10 to 0\.01, its usual starting point\.\n$/);
  });

  it.each([
    [['--epochs', '0'], '--epochs must be a whole number from 1 to 500, not "0".'],
    [['--epochs', 'ten'], '--epochs must be a whole number from 1 to 500, not "ten".'],
    [['--epochs', '2.5'], '--epochs must be a whole number from 1 to 500, not "2.5".'],
    [['--max-samples', '5'], '--max-samples must be a whole number from 10 to 100,000, not "5".'],
    [['--epochs'], '--epochs needs a value.'],
    [['--epochs', '-3'], '--epochs needs a value; one that starts with "-" is written --epochs=VALUE.'],
    [['--json=yes'], '--json takes no value.'],
    [['--out', dir], '"train" has no option --out.'],
  ])('%j: a usage error, exit 2, nothing trained', async (flags, problem) => {
    const { status, out, err } = await runCli(['train', 'iris-mlp', ...flags]);
    expect({ status, out }).toEqual({ status: 2, out: '' });
    expect(err).toContain(`pipeline: ${problem}`);
    // The problem, the usage line and where the rest is: not the whole help, which would scroll the problem away.
    expect(err).toContain('Usage: npm run --silent pipeline -- train <input>');
    expect(err).toContain('All its options: npm run --silent pipeline -- train --help');
    expect(err).not.toContain('Exit status');
  });

  it('exits 2 on an input it cannot read, with nothing on stdout even with --json', async () => {
    const { status, out, err } = await runCli(['train', join(dir, 'missing.json'), '--json']);
    expect({ status, out }).toEqual({ status: 2, out: '' });
    expect(err).toContain('There is no file or template');
  });

  it('a first Ctrl+C stops after the batch in progress and still prints the result; a second quits with 130', async () => {
    let listener: (() => void) | undefined;
    const quits: number[] = [];
    let pressed = false;
    const result = await runCli(['train', 'iris-mlp', '--epochs', '50', '--json'], {
      onInterrupt: (l) => {
        listener = l;
        return () => (listener = undefined);
      },
      quit: (status) => void quits.push(status),
      // Ctrl+C as soon as the first epoch's line is out: the run ends within epoch 2.
      err: (text) => {
        if (!pressed && text.startsWith('Epoch 1/50')) {
          pressed = true;
          listener?.();
        }
      },
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ outcome: 'stopped', epochs: 1 });
    expect(listener, 'Ctrl+C is the terminal\'s again once the run is over').toBeUndefined();
    expect(quits).toEqual([]);

    const twice = await runCli(['train', 'iris-mlp', '--epochs', '50', '--json'], {
      onInterrupt: (l) => {
        l();
        l();
        return () => {};
      },
      quit: (status) => void quits.push(status),
    });
    expect(quits).toEqual([130]);
    expect(twice.err).toContain('Stopping after this batch… (Ctrl+C again to quit now)\n');
  });

  it('shows every verb in the help', async () => {
    const { out } = await runCli(['--help']);
    expect(out).toContain('train <input> [--data KEY=PATH] [--stream] [--epochs N] [--max-samples N] [--json]');
    expect(out).toContain('export <input> --out DIR [--data KEY=PATH]');
    const help = await runCli(['train', '--help']);
    expect(help.out).toContain(
      'Exit status: 0 when the run finished or was stopped, 1 when the pipeline has errors, 2 when the\ninput cannot be read, an option is wrong, or a --data file is missing, is not a CSV or lacks a\ncolumn the pipeline reads (as is a CSV file node left without --data), or --save-model names a\nfile or a folder that cannot be written, 3 when training diverged',
    );
    expect(help.out).toContain('--save-model DIR  Write the trained model into DIR (created when missing)');
    expect(help.out).toContain('--epochs N        Train for N epochs instead of the optimizer\'s setting (a whole number from 1 to 500).');
  });
});

describe('the progress bar', () => {
  const capture = (columns?: number) => {
    let text = '';
    let clock = 0;
    const io: Io = { out: () => {}, err: (t) => (text += t), errTerminal: columns === undefined ? undefined : { columns } };
    return { progress: progressBar(io, 2, () => clock), text: () => text, tick: (ms: number) => (clock += ms) };
  };
  const report = { epoch: 1, epochs: 2, loss: 0.5, accuracy: 0.75, valLoss: 0.625, valAccuracy: 0.5 };

  it('on a terminal, redraws one line in place, at most every 100 ms, never wider than the terminal', () => {
    const { progress, text, tick } = capture(50);
    progress.batch(1, 1, 4, 2.5);
    progress.batch(1, 2, 4, 2.25);
    tick(150);
    progress.batch(1, 3, 4, 2);
    progress.batch(1, 4, 4, 1.5);
    progress.epoch(report);
    expect(text().split('\r')).toEqual([
      '',
      'Epoch 1/2 [#####...............] 1/4  loss 2.5000\x1b[K',
      'Epoch 1/2 [###############.....] 3/4  loss 2.0000\x1b[K',
      'Epoch 1/2 [####################] 4/4  loss 1.5000\x1b[K',
      // A finished epoch keeps its line, metrics and all: the next redraw starts below it.
      'Epoch 1/2 [##############################] 4/4  loss 0.5000  accuracy 0.7500  val_loss 0.6250  val_accuracy 0.5000\x1b[K\n',
    ]);
    for (const line of text().split('\r').slice(1, 4)) expect(line.replace('\x1b[K', '').length).toBeLessThan(50);
  });

  it('shows every validation metric of an epoch, and n/a for one that is not a number', () => {
    const { progress, text } = capture();
    progress.epoch({ epoch: 1, epochs: 2, loss: 4, valLoss: 5, valMetrics: { mae: 1.5, r2: Number.NaN } });
    expect(text()).toBe('Epoch 1/2 [##############################] 1/1  loss 4.0000  val_loss 5.0000  val_mae 1.5000  val_r2 n/a\n');
  });

  it('in a log, writes one line per epoch, and where an unfinished epoch stopped', () => {
    const { progress, text } = capture();
    progress.status('Training…');
    for (let b = 1; b <= 4; b++) progress.batch(1, b, 4, 1);
    progress.epoch(report);
    progress.batch(2, 1, 4, 0.4);
    progress.status('Stopping after this batch… (Ctrl+C again to quit now)');
    progress.batch(2, 2, 4, 0.375);
    progress.end();
    expect(text()).toBe(
      [
        'Training…',
        'Epoch 1/2 [##############################] 4/4  loss 0.5000  accuracy 0.7500  val_loss 0.6250  val_accuracy 0.5000',
        'Stopping after this batch… (Ctrl+C again to quit now)',
        'Epoch 2/2 [###############...............] 2/4  loss 0.3750',
        '',
      ].join('\n'),
    );
  });
});

/** The real command through its npm script, as a shell or CI runs it. */
describe('the train command as CI runs it', () => {
  const root = join(import.meta.dirname, '..', '..');
  const start = (...args: string[]) => spawn('npm', ['run', '--silent', 'pipeline', '--', ...args], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const finish = (child: ReturnType<typeof start>, onErr: (stderr: string) => void = () => {}) =>
    new Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => onErr((stderr += d)));
      child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    });

  it('prints one JSON object on stdout and progress on stderr; Ctrl+C to the whole group ends with "stopped", exit 0', { timeout: 180_000 }, async () => {
    const long = start('train', 'digit-cnn', '--max-samples', '2000', '--json');
    let interrupted = false;
    const [quick, stopped] = await Promise.all([
      finish(start('train', 'iris-mlp', '--epochs', '2', '--json')),
      // As a terminal does: SIGINT to the process group (npm, node), once training has begun.
      finish(long, (stderr) => {
        if (!interrupted && stderr.includes('Training…')) {
          interrupted = true;
          process.kill(-long.pid!, 'SIGINT');
        }
      }),
    ]);
    expect(quick).toMatchObject({ status: 0 });
    expect(RunJson.parse(JSON.parse(quick.stdout))).toMatchObject({ outcome: 'finished', epochs: 2 });
    expect(quick.stdout.trim().split('\n')).toHaveLength(1);
    expect(quick.stderr).toMatch(/^Epoch 2\/2 \[#+\] 8\/8 {2}loss /m);

    expect(stopped).toMatchObject({ status: 0, signal: null });
    expect(RunJson.parse(JSON.parse(stopped.stdout))).toMatchObject({ outcome: 'stopped' });
    // npm passes the terminal's signal on once more: still one press, so no quitting.
    expect(stopped.stderr.match(/Stopping after this batch/g)).toHaveLength(1);
  });
});
