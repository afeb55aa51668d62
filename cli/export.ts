import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunOverrides } from '@/lib/document/run-overrides';
import { generateProject } from '@/lib/export/project';
import { encodeLink } from '@/lib/share/link';
import { exit, type Io } from './io';
import { prepare } from './prepare';
import { issueReport } from './validate';

/**
 * `pipeline export <input> --out DIR [--epochs N] [--max-samples N] [--base URL]`: writes the
 * project the app's "Download project" zips, file for file, with the overrides baked in. Files
 * already in DIR that the project does not write are left alone: it never deletes.
 */
export async function exportProject(input: string, options: { out: string; overrides: RunOverrides; base: string }, io: Io): Promise<number> {
  const { out } = options;
  if (existing(out)?.isDirectory() === false) {
    io.err(`--out "${out}" is a file, not a folder. Give a folder to write the project into (it is created when missing).\n`);
    return exit.unusable;
  }
  const prepared = prepare(input, options.overrides, io);
  if (!prepared.ok) return prepared.status;
  const { doc } = prepared;
  // The link of the document as exported, overrides included: it opens the canvas the code came from.
  const result = await generateProject(doc, { link: encodeLink(doc, options.base) });
  if (!result.ok) {
    io.err(issueReport(doc, result.issues, false));
    return exit.issues;
  }

  const root = path.resolve(out);
  const written: string[] = [];
  for (const file of result.project.files) {
    const target = path.resolve(root, file.path);
    const inside = path.relative(root, target);
    if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
      throw new Error(`The generated project names a file outside its folder: "${file.path}".`);
    }
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      io.err(`Could not write ${path.join(out, file.path)} (${code}). Check that --out names a folder you may write to.\n`);
      if (written.length > 0) io.err(`Written before that: ${written.join(', ')}.\n`);
      return exit.unusable;
    }
    written.push(path.join(out, file.path));
  }
  io.out(written.map((file) => `${file}\n`).join(''));
  io.err(`Exported ${doc.name} to ${out}. Run it: cd ${shellWord(out)} && npm install && npx tsx pipeline.ts\n`);
  return exit.ok;
}

/** What is at `where`, if anything can be seen there (a path through a file is reported when writing). */
function existing(where: string) {
  try {
    return statSync(where);
  } catch {
    return undefined;
  }
}

/** `out` as it can be pasted into a POSIX shell: quoted only when it holds anything but plain path characters. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
