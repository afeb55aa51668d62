import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { applyRunOverrides, type RunOverrides } from '@/lib/document/run-overrides';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { StoredUpload } from '@/lib/storage/uploads';
import { withDataFiles, type DataArg } from './data-files';
import { readInput } from './input';
import { exit, type Io } from './io';
import { reportUnreadable } from './report';
import { issueReport } from './validate';

export type Prepared =
  | {
      ok: true;
      doc: PipelineDocument;
      spec: PipelineSpec;
      /** The rows `--data` read, by fingerprint, as the spec's CSV source names them. */
      uploads: Record<string, StoredUpload>;
      /** The path --data gives each CSV file node, by node id, as typed. */
      dataPaths: Record<string, string>;
    }
  | { ok: false; status: number };

/**
 * What train and export do first: read `<input>` as validate does, read the CSV files `--data`
 * gives into its CSV file nodes (every one of them, `forRun`), write the overrides into it, compile. A pipeline with errors
 * gets validate's report on stderr (exit 1); one with warnings gets it too, and runs. A --data
 * that does not fit the pipeline, or a file that cannot be used, is exit 2. stdout is left to
 * the verb's result.
 */
export async function prepare(input: string, overrides: RunOverrides, data: { files: readonly DataArg[]; forRun: boolean }, io: Io): Promise<Prepared> {
  const read = readInput(input);
  if (!read.ok) return { ok: false, status: reportUnreadable(read.error, false, io) };
  const withData = await withDataFiles(read.doc, data.files, io, data.forRun);
  if (!withData.ok) {
    io.err(`${withData.problem.message}\n${withData.problem.hint}\n`);
    return { ok: false, status: exit.unusable };
  }
  const doc = applyRunOverrides(withData.doc, overrides);
  const result = compile(doc);
  if (!result.ok) {
    io.err(issueReport(doc, result.issues, false));
    return { ok: false, status: exit.issues };
  }
  if (result.issues.length > 0) io.err(issueReport(doc, result.issues, true));
  return { ok: true, doc, spec: result.spec, uploads: withData.uploads, dataPaths: withData.paths };
}
