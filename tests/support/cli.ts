import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Io } from '@/cli/io';
import { main } from '@/cli/main';

/** A temporary folder for one test file, removed after it; `file` writes a file there and returns its path. */
export function scratchFolder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  return { dir, file };
}

/** Runs the `pipeline` command in this process: what it wrote to each stream and its exit status. `extra` plays the terminal (TTY, Ctrl+C). */
export async function runCli(argv: string[], extra: Partial<Io> = {}) {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (t) => (out += t), err: (t) => (err += t), ...extra });
  return { status, out, err };
}
