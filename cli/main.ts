import { parseArgs } from 'node:util';
import { defaultLinkBase } from '@/lib/share/link';
import { inputHelp } from './input';
import { exit, type Io } from './io';
import { link } from './link';
import { validate } from './validate';

const command = 'npm run --silent pipeline --';

const usage = `Usage: ${command} <command> <input> [options]

Commands:
  validate <input> [--json]    Check a pipeline and print every issue (code, node, message, fix).
  link <input> [--base URL]    Print the pipeline's share link.

${inputHelp}

Options:
  -h, --help                   Show help; after a command, that command's help.
`;

interface Verb {
  usage: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  run: (input: string, values: Record<string, string | boolean | undefined>, io: Io) => number;
}

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
  --base URL   The app's address the link opens (default: ${defaultLinkBase}).
  -h, --help   Show this help.

Exit status: 0 when the link was printed, 2 when the input cannot be read or is not a pipeline.
`,
    options: { base: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    run: (input, values, io) => {
      const base = typeof values.base === 'string' ? values.base : defaultLinkBase;
      if (!/^https?:\/\//i.test(base) || !URL.canParse(base)) {
        return usageError(io, `--base must be a web address such as https://example.com/builder/, not "${base}".`, verbs.link.usage);
      }
      return link(input, { base }, io);
    },
  },
};

/** The `pipeline` command: returns the exit status; writes only through `io`. */
export function main(argv: readonly string[], io: Io): number {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return exit.ok;
  }
  if (name === undefined) return usageError(io, 'Give a command.', usage);
  const verb = Object.hasOwn(verbs, name) ? verbs[name] : undefined;
  if (!verb) return usageError(io, `There is no command "${name}".`, usage);

  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...rest], options: verb.options, allowPositionals: true, strict: true }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    });
  } catch (error) {
    // Node's words up to the first full stop ("Unknown option '--jsn'"); the rest is about '--' quoting.
    const message = error instanceof Error ? error.message.split(/\.\s/)[0] : String(error);
    return usageError(io, `${message}.`, verb.usage);
  }
  if (values.help) {
    io.out(verb.usage);
    return exit.ok;
  }
  if (positionals.length !== 1) {
    return usageError(io, positionals.length === 0 ? `"${name}" needs an <input>.` : `"${name}" takes one <input>, not ${positionals.length}.`, verb.usage);
  }
  return verb.run(positionals[0], values, io);
}

function usageError(io: Io, problem: string, text: string): number {
  io.err(`pipeline: ${problem}\n\n${text}`);
  return exit.unusable;
}
