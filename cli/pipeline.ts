/**
 * The `pipeline` command: `npm run --silent pipeline -- <command> ...` (see cli/main.ts for the
 * commands). A thin face over lib/: it reads and checks pipelines exactly as the app does.
 */
import { main } from './main';

// exitCode rather than exit(): the output reaches a pipe in full before the process ends.
process.exitCode = main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
