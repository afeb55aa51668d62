import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunOverrides } from '@/lib/document/run-overrides';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { prepareRun } from '@/lib/engine/train';
import { generateProject, type ExportOptions } from '@/lib/export/project';
import { encodeLink } from '@/lib/share/link';
import type { DataArg } from './data-files';
import { exit, type Io } from './io';
import { prepare, type Prepared } from './prepare';
import { issueReport } from './validate';

/**
 * `pipeline export <input> --out DIR [--data KEY=PATH] [--epochs N] [--max-samples N] [--base URL]`:
 * writes the project the app's "Download project" zips, file for file, with the overrides baked
 * in. Files already in DIR that the project does not write are left alone: it never deletes.
 * With --data, the program reads each CSV file by its path (relative to DIR), and what the data
 * steps learn from it is run here and written into the program as constants.
 */
export async function exportProject(input: string, options: { out: string; overrides: RunOverrides; data: readonly DataArg[]; base: string }, io: Io): Promise<number> {
  const { out } = options;
  if (existing(out)?.isDirectory() === false) {
    io.err(`--out "${out}" is a file, not a folder. Give a folder to write the project into (it is created when missing).\n`);
    return exit.unusable;
  }
  const prepared = await prepare(input, options.overrides, { files: options.data, forRun: false }, io);
  if (!prepared.ok) return prepared.status;
  const { doc } = prepared;
  // Without --data the program fits on its own: the app's export has no rows to fit on either.
  const data = options.data.length > 0 ? await exportedData(prepared, out, io) : undefined;
  // The link of the document as exported, overrides included: it opens the canvas the code came from.
  const result = await generateProject(doc, { link: encodeLink(doc, options.base), ...(data && { data }) });
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

/**
 * What the program is given of the data --data read: each file's path as the program resolves
 * it (from the project's folder, so the path typed here is rewritten relative to DIR; an absolute
 * one stays), and what the data steps learn from the rows, fitted here as the engine fits them.
 */
async function exportedData({ spec, uploads, dataPaths }: Extract<Prepared, { ok: true }>, out: string, io: Io): Promise<ExportOptions['data']> {
  const paths = Object.fromEntries(
    Object.entries(dataPaths).map(([id, file]) => [id, path.isAbsolute(file) ? file : path.relative(path.resolve(out), path.resolve(file)).split(path.sep).join('/')]),
  );
  // A CSV file node off the path to the model may have been given a file; the rows fitted on are the spec's source's.
  if (dataPaths[spec.data.dataset.nodeId] === undefined) return { paths, fitted: {} };
  io.err('Fitting the preprocessing on the training rows…\n');
  const prepared = prepareRun(spec, await loadSourceTable(spec.data.dataset, { ...nodeSourceReaders, readUpload: async (fingerprint) => uploads[fingerprint] }));
  return { paths, fitted: prepared.states };
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
