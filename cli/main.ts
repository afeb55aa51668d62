import { parseArgs } from 'node:util';
import { defaultLinkBase } from '@/lib/share/link';
import { dataUsage, parseDataArg, type DataArg } from './data-files';
import { exportProject } from './export';
import { inputHelp } from './input';
import { exit, type Io } from './io';
import { link } from './link';
import { overrideOptions, overrideUsage, readOverrides } from './overrides';
import { STREAM_ABOVE_BYTES } from '@/lib/engine/train-stream';
import { train } from './train';
import { validate } from './validate';

const command = 'npm run --silent pipeline --';

const usage = `Usage: ${command} <command> <input> [options]

Commands:
  validate <input> [--json]    Check a pipeline and print every issue (code, node, message, fix).
  link <input> [--base URL]    Print the pipeline's share link.
  train <input> [--data KEY=PATH] [--stream] [--epochs N] [--max-samples N] [--json] [--save-model DIR]
                               Train it in Node (CPU) with progress; print the final loss and metrics.
  export <input> --out DIR [--data KEY=PATH] [--epochs N] [--max-samples N] [--base URL]
                               Write it as a standalone TypeScript project (npx tsx pipeline.ts).
                               (train, export) With --data, a pipeline built on a CSV file reads it from disk.

${inputHelp}

Options:
  -h, --help                   Show help; after a command, that command's help.
`;

type Values = Record<string, string | boolean | string[] | undefined>;

interface Verb {
  usage: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  run: (input: string, values: Values, io: Io) => number | Promise<number>;
}

/** --data, once per CSV file node. */
const dataOption = { data: { type: 'string', multiple: true } } as const;

/** Each --data value as KEY and PATH, or the first that is not written right. */
function readData(values: Values): { ok: true; data: DataArg[] } | { ok: false; problem: string } {
  const data: DataArg[] = [];
  for (const text of Array.isArray(values.data) ? values.data : []) {
    const parsed = parseDataArg(text);
    if (!parsed.ok) return { ok: false, problem: `${parsed.problem.message} ${parsed.problem.hint}` };
    data.push(parsed.arg);
  }
  return { ok: true, data };
}

const baseUsage = `  --base URL        The app's address the link opens (default: ${defaultLinkBase}).`;

const verbs: Record<string, Verb> = {
  validate: {
    usage: `Usage: ${command} validate <input> [--json]

Reads the pipeline as the app would (migrating older versions), compiles it and prints every
issue: its severity, code, node (name and id), message and how to fix it.

${inputHelp}

Options:
  --json       Print one JSON object on stdout instead:
               {"ok": true|false, "name": "...", "issues": [{"severity", "code", "nodeId", "node", "message", "hint"}]}
               or, when the input cannot be read, {"ok": false, "error": {"code", "message", "hint"}}.
  -h, --help   Show this help.

Exit status: 0 when it compiles (warnings allowed), 1 when it has errors, 2 when the input
cannot be read or is not a pipeline (the reason is printed on stderr).
`,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    run: (input, values, io) => validate(input, { json: values.json === true }, io),
  },
  link: {
    usage: `Usage: ${command} link <input> [--base URL]

Prints the pipeline's share link, and nothing else, on stdout. The whole pipeline travels
compressed in the link's #fragment, which browsers never send to a server.

${inputHelp}

Options:
${baseUsage}
  -h, --help        Show this help.

Exit status: 0 when the link was printed, 2 when the input cannot be read or is not a pipeline.
`,
    options: { base: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    run: (input, values, io) => {
      const base = readBase(values);
      if (!base.ok) return usageError(io, base.problem, 'link');
      return link(input, { base: base.base }, io);
    },
  },
  train: {
    usage: `Usage: ${command} train <input> [--data KEY=PATH] [--stream] [--epochs N] [--max-samples N] [--json] [--save-model DIR]

Trains the pipeline in Node on tfjs's CPU backend, through the same engine, seed and data as
the app, with a progress bar on stderr (redrawn in place on a terminal, one line per epoch in a
log). The datasets are prepared into public/datasets/ first if they are missing. A pipeline
built on a CSV file reads it from disk: give it with --data (the app keeps its rows in the
browser, never in the pipeline). Example:
  ${command} train flowers.pipeline.json --data flowers.csv --json
Ctrl+C stops after the batch in progress and still prints the result ("stopped"); a second
Ctrl+C quits at once (exit 130).

${inputHelp}

Options:
${dataUsage}
  --stream          Read the --data file chunk by chunk instead of holding its rows: memory
                    stays flat however big the file. Files over ${STREAM_ABOVE_BYTES / 1024 / 1024} MB stream without it.
                    The split is then a seeded hash of each row's number (about, not exactly,
                    the split's fractions; not stratified). A step that needs every row at once
                    (Shuffle, Time window, a median fill, IQR outliers) loads the file instead,
                    and stderr says so.
${overrideUsage}
  --json            Print exactly one JSON object on stdout when done, the last whole epoch's
                    values in Keras naming:
                    {"outcome": "finished"|"stopped"|"diverged", "epochs": <epochs run>,
                     "metrics": {"loss", "accuracy", "val_loss", "val_accuracy"}}
                    Nothing is printed on stdout when it cannot train (exit 1, 2).
  --save-model DIR  Write the trained model into DIR (created when missing): model.json and
                    weights.bin in the TensorFlow.js format (tf.loadLayersModel reads them), and
                    preprocessing.json, what each preprocessing step learnt from the training
                    rows. The app's "Download model" gives the same files; an exported project
                    scores them with \`npm run predict -- --model DIR\`. stderr says where it
                    wrote; nothing is saved when no epoch finished or training diverged.
  -h, --help        Show this help.

Without --json, stdout gets a short summary. A pipeline with errors is not trained: its issues
are printed on stderr as validate words them.

Exit status: 0 when the run finished or was stopped, 1 when the pipeline has errors, 2 when the
input cannot be read, an option is wrong, or a --data file is missing, is not a CSV or lacks a
column the pipeline reads (as is a CSV file node left without --data), or --save-model names a
file or a folder that cannot be written, 3 when training diverged (the reason and the fix
are on stderr), 4 when something failed while running (the message says what).
`,
    options: {
      ...dataOption,
      ...overrideOptions,
      stream: { type: 'boolean' },
      json: { type: 'boolean' },
      'save-model': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    run: (input, values, io) => {
      const data = readData(values);
      if (!data.ok) return usageError(io, data.problem, 'train');
      const overrides = readOverrides(values);
      if (!overrides.ok) return usageError(io, overrides.problem, 'train');
      const saveModel = values['save-model'];
      if (saveModel === '') return usageError(io, '--save-model needs a folder to write the model into.', 'train');
      return train(
        input,
        { overrides: overrides.overrides, data: data.data, stream: values.stream === true, json: values.json === true, ...(typeof saveModel === 'string' ? { saveModel } : {}) },
        io,
      );
    },
  },
  export: {
    usage: `Usage: ${command} export <input> --out DIR [--data KEY=PATH] [--epochs N] [--max-samples N] [--base URL]

Writes the pipeline as a standalone TypeScript project into DIR, the same files the app's
"Download project" zips: pipeline.ts, the files it imports, package.json, tsconfig.json and
README.md. The overrides are baked into its constants, so a quick check is possible. DIR and its folders are created when
missing; files already there that the project does not write are left alone. stdout lists the
written files, one per line.

A pipeline built on a CSV file takes it with --data: the program reads that file by its path
(DATA_PATH in pipeline.ts, written relative to DIR, as the program resolves it from its own
folder), and what each preprocessing step learns from its training rows is fitted now and
written into pipeline.ts as named constants (STANDARDIZE_FITTED...), which the program checks
its own fit against. Without --data, DATA_PATH is the file name the pipeline was built on, to be
put next to pipeline.ts. Example:
  ${command} export flowers.pipeline.json --data flowers.csv --out flowers-project

${inputHelp}

Options:
  --out DIR         The folder to write the project into (required).
${dataUsage}
${overrideUsage}
${baseUsage}
                    Used for the link to the canvas in the project's README.
  -h, --help        Show this help.

Run the project: cd DIR && npm install && npx tsx pipeline.ts

Exit status: 0 when the project was written, 1 when the pipeline has errors (printed on
stderr), 2 when the input cannot be read, an option is wrong, a --data file cannot be used (as
for train) or DIR cannot be written,
4 when something failed while running (the message says what).
`,
    options: { out: { type: 'string' }, ...dataOption, ...overrideOptions, base: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    run: (input, values, io) => {
      if (typeof values.out !== 'string' || values.out === '') {
        return usageError(io, '"export" needs --out DIR, the folder to write the project into.', 'export');
      }
      const data = readData(values);
      if (!data.ok) return usageError(io, data.problem, 'export');
      const overrides = readOverrides(values);
      if (!overrides.ok) return usageError(io, overrides.problem, 'export');
      const base = readBase(values);
      if (!base.ok) return usageError(io, base.problem, 'export');
      return exportProject(input, { out: values.out, overrides: overrides.overrides, data: data.data, base: base.base }, io);
    },
  },
};

/** --base, or the default: an http(s) address the link can open. */
function readBase(values: Values): { ok: true; base: string } | { ok: false; problem: string } {
  const base = typeof values.base === 'string' ? values.base : defaultLinkBase;
  if (!/^https?:\/\//i.test(base) || !URL.canParse(base)) {
    return { ok: false, problem: `--base must be a web address such as https://example.com/builder/, not "${base}".` };
  }
  return { ok: true, base };
}

/**
 * The `pipeline` command: returns the exit status, a promise for the verbs that take a while
 * (train, export); writes only through `io`.
 */
export function main(argv: readonly string[], io: Io): number | Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return exit.ok;
  }
  if (name === undefined) return usageError(io, 'Give a command.');
  const verb = Object.hasOwn(verbs, name) ? verbs[name] : undefined;
  if (!verb) return usageError(io, `There is no command "${name}".`);

  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...rest], options: verb.options, allowPositionals: true, strict: true }) as {
      values: Values;
      positionals: string[];
    });
  } catch (error) {
    return usageError(io, parseProblem(name, error), name);
  }
  if (values.help) {
    io.out(verb.usage);
    return exit.ok;
  }
  if (positionals.length !== 1) {
    return usageError(io, positionals.length === 0 ? `"${name}" needs an <input>.` : `"${name}" takes one <input>, not ${positionals.length}.`, name);
  }
  return verb.run(positionals[0], values, io);
}

/** parseArgs's error in the words of the other messages: which option, and what is wrong with it. */
function parseProblem(verb: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  const code = (error as { code?: string }).code;
  if (option && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `"${verb}" has no option ${option}.`;
  if (option && /argument missing/.test(message)) return `${option} needs a value.`;
  // "--epochs -3": parseArgs takes a value that starts with a dash for a forgotten one.
  if (option && /ambiguous/.test(message)) return `${option} needs a value; one that starts with "-" is written ${option}=VALUE.`;
  if (option && /does not take an argument/.test(message)) return `${option} takes no value.`;
  return message;
}

/**
 * What is wrong, then the usage line and where the rest is: the whole help would push the
 * problem off the screen. Without a verb, the command's usage, which is short.
 */
function usageError(io: Io, problem: string, verb?: string): number {
  const text = verb ? `${verbs[verb].usage.split('\n')[0]}\nAll its options: ${command} ${verb} --help\n` : usage;
  io.err(`pipeline: ${problem}\n\n${text}`);
  return exit.unusable;
}
