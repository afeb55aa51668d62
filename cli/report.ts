import type { DocumentError } from '@/lib/document/read';
import { exit, type Io } from './io';

/** An input that cannot be read: the app's own words on stderr; with `--json`, the error on stdout too. */
export function reportUnreadable(error: DocumentError, json: boolean, io: Io): number {
  io.err(`${error.message}\n${error.hint}\n`);
  if (json) io.out(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
  return exit.unusable;
}
