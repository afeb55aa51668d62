/**
 * The `pipeline` command: `npm run --silent pipeline -- <command> ...` (see cli/main.ts for the
 * commands). A thin face over lib/: it reads, checks, trains and exports pipelines exactly as the
 * app does.
 */
import { exit, type Io } from './io';
import { main } from './main';

/**
 * One Ctrl+C can reach this process more than once: the terminal signals the whole process
 * group, and npm and tsx each pass the signal on to their child again a few milliseconds later.
 * Signals closer together than this (ms) count as one key press.
 */
const onePress = 1000;

// npm runs a script from the project's root, but paths on the command line (<input>, --out) mean
// what they mean where the command was typed, which npm passes on as INIT_CWD.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

const io: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errTerminal: process.stderr.isTTY
    ? {
        get columns() {
          return process.stderr.columns || 80;
        },
      }
    : undefined,
  onInterrupt: (listener) => {
    let pressedAt = -Infinity;
    const onSignal = () => {
      const now = performance.now();
      if (now - pressedAt < onePress) return;
      pressedAt = now;
      listener();
    };
    process.on('SIGINT', onSignal);
    return () => process.off('SIGINT', onSignal);
  },
  quit: (status) => process.exit(status),
};

try {
  // exitCode rather than exit(): the output reaches a pipe in full before the process ends.
  process.exitCode = await main(process.argv.slice(2), io);
} catch (error) {
  process.stderr.write(`pipeline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = exit.failed;
}
