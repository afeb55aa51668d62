import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { applyRunOverrides, type RunOverrides } from '@/lib/document/run-overrides';
import type { PipelineSpec } from '@/lib/spec/spec';
import { readInput } from './input';
import { exit, type Io } from './io';
import { reportUnreadable } from './report';
import { issueReport } from './validate';

export type Prepared = { ok: true; doc: PipelineDocument; spec: PipelineSpec } | { ok: false; status: number };

/**
 * What train and export do first: read `<input>` as validate does, write the overrides into it,
 * compile. A pipeline with errors gets validate's report on stderr (exit 1); one with warnings
 * gets it too, and runs. stdout is left to the verb's result.
 */
export function prepare(input: string, overrides: RunOverrides, io: Io): Prepared {
  const read = readInput(input);
  if (!read.ok) return { ok: false, status: reportUnreadable(read.error, false, io) };
  const doc = applyRunOverrides(read.doc, overrides);
  const result = compile(doc);
  if (!result.ok) {
    io.err(issueReport(doc, result.issues, false));
    return { ok: false, status: exit.issues };
  }
  if (result.issues.length > 0) io.err(issueReport(doc, result.issues, true));
  return { ok: true, doc, spec: result.spec };
}
