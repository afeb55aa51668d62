import type { AnyNodeDefinition, Category } from '@/nodes/define-node';
import type { PipelineDocument, PipelineNode } from '@/lib/document/document';
import type { SpecStep } from '@/lib/spec/spec';
import type { Analysis, Issue } from './compile';

/**
 * What the passes share. compile.ts creates it; each pass reads it, reports issues through
 * `error`/`warn` (so the order of issues is the order of the passes) and records what the canvas
 * shows in `analysis`. Whatever else a pass works out it returns, for compile.ts to hand on.
 */
export interface CompileContext {
  doc: PipelineDocument;
  nodes: Map<string, PipelineNode>;
  /** Node id -> definition, for the nodes of a known kind; filled by the params pass. */
  defs: Map<string, AnyNodeDefinition>;
  /** Node id -> params parsed with defaults, auto values filled in; only nodes whose params parse. */
  params: Map<string, Record<string, unknown>>;
  issues: Issue[];
  analysis: Analysis;
  /** The node's name as the user sees it on the canvas. */
  name: (id: string) => string;
  /** The node's name, with its id added where two nodes share a name. */
  distinct: (id: string) => string;
  error: (issue: Omit<Issue, 'severity'>) => void;
  warn: (issue: Omit<Issue, 'severity'>) => void;
}

/** Categories that prepare data (before the model) rather than learn from it. */
export const dataStage = new Set<Category>(['data', 'preprocess']);

/** The ids of the known nodes of `category`, in document order. */
export function idsOf(ctx: CompileContext, category: Category): string[] {
  return [...ctx.defs].filter(([, d]) => d.category === category).map(([id]) => id);
}

/** The ids of the train/validation splits, in document order: a pipeline may use one. */
export function splitIds(ctx: CompileContext): string[] {
  return [...ctx.defs].filter(([, d]) => d.kind === 'preprocess.split').map(([id]) => id);
}

/** The single split, when the pipeline has exactly one. */
export function theSplit(ctx: CompileContext): string | undefined {
  const ids = splitIds(ctx);
  return ids.length === 1 ? ids[0] : undefined;
}

/** A node as the spec records it: its kind and its resolved params. */
export function specStep(ctx: CompileContext, id: string): SpecStep {
  return { nodeId: id, kind: ctx.defs.get(id)!.kind, params: ctx.params.get(id)! };
}
