import { compile, type Issue } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeName } from '@/lib/document/node-name';
import { readInput } from './input';
import { exit, type Io } from './io';
import { reportUnreadable } from './report';

/** One issue as `--json` prints it: `node` is the name people see on the canvas, with the node's id. */
export interface JsonIssue {
  severity: Issue['severity'];
  code: string;
  nodeId: string | null;
  node: string | null;
  message: string;
  hint: string;
}

/** `pipeline validate <input> [--json]`: the same issues the canvas shows, for people and for CI. */
export function validate(input: string, options: { json: boolean }, io: Io): number {
  const read = readInput(input);
  if (!read.ok) return reportUnreadable(read.error, options.json, io);
  const doc = read.doc;
  const result = compile(doc);
  const issues = result.issues.map((issue) => jsonIssue(issue, doc));
  if (options.json) {
    io.out(`${JSON.stringify({ ok: result.ok, name: doc.name, issues }, null, 2)}\n`);
  } else {
    io.out(humanReport(doc, issues, result.ok));
  }
  return result.ok ? exit.ok : exit.issues;
}

/** validate's report, for the verbs that refuse to run a pipeline with errors (they print it on stderr). */
export function issueReport(doc: PipelineDocument, issues: readonly Issue[], ok: boolean): string {
  return humanReport(
    doc,
    issues.map((issue) => jsonIssue(issue, doc)),
    ok,
  );
}

function jsonIssue(issue: Issue, doc: PipelineDocument): JsonIssue {
  const node = issue.nodeId === undefined ? undefined : doc.nodes.find((n) => n.id === issue.nodeId);
  return {
    severity: issue.severity,
    code: issue.code,
    nodeId: issue.nodeId ?? null,
    node: node ? `${nodeName(node)} (${node.id})` : (issue.nodeId ?? null),
    message: issue.message,
    hint: issue.hint,
  };
}

function humanReport(doc: PipelineDocument, issues: JsonIssue[], ok: boolean): string {
  const count = (severity: JsonIssue['severity']) => issues.filter((i) => i.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [`${doc.name}: ${plural(doc.nodes.length, 'node')}, ${plural(doc.edges.length, 'wire')}`, ''];
  for (const issue of issues) {
    lines.push(`${issue.severity} ${issue.code}${issue.node ? ` at ${issue.node}` : ''}`);
    lines.push(`  ${issue.message}`);
    if (issue.hint) lines.push(`  Fix: ${issue.hint}`);
    lines.push('');
  }
  const errors = count('error');
  const warnings = count('warning');
  if (!ok) lines.push(`Does not compile: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}.`);
  else if (warnings) lines.push(`Compiles, with ${plural(warnings, 'warning')}.`);
  else lines.push('Compiles, no issues.');
  return `${lines.join('\n')}\n`;
}
