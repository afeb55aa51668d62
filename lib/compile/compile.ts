/**
 * compile(document): pure, and fast enough to run on every edit. It runs these passes in order,
 * each one file in this folder, sharing one CompileContext (context.ts):
 *   1. params.ts  - each node's kind and params, then the auto values picked for the data
 *   2. wiring.ts  - the wires that hold, the flow order, the loops
 *   3. shapes.ts  - every output's shape, node by node in flow order
 *   4. stages.ts  - the pipeline as a whole: one dataset, loss and optimizer, the split
 *   (stop here when any error was found)
 *   5. model.ts   - the layers the loss trains, and what takes no part
 *   (stop here when any error was found)
 *   6. spec.ts    - the data chain and the PipelineSpec the engine runs
 * Passes 1-4 report everything they find at once, so the canvas shows every problem of a broken
 * graph; 5 and 6 need a sound graph to say anything true.
 */
import type { AutoValue, PortInfo } from '@/nodes/define-node';
import type { PipelineDocument } from '@/lib/document/document';
import { distinctNodeNames, nodeName } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
import type { Shape } from '@/lib/shape/shape';
import type { CompileContext } from './context';
import { findModel } from './model';
import { parseParams } from './params';
import { inferShapes } from './shapes';
import { buildSpec } from './spec';
import { checkStages } from './stages';
import { checkWiring } from './wiring';

// The canvas and the keyboard connect picker refuse a wire by the same rule as compile.
export { connectionRefusal } from './wiring';

/** A problem shown on the canvas: on a node (and port or field) when it has one, else on the pipeline. */
export interface Issue {
  code: string;
  severity: 'error' | 'warning';
  nodeId?: string;
  portId?: string;
  field?: string;
  message: string;
  hint: string;
  /** A one-click repair the canvas can offer. */
  fix?: IssueFix;
}

/** Merge `params` into node `nodeId` and, when given, delete the connection `deleteEdge` (an edge id), as one edit. */
export interface IssueFix {
  label: string;
  nodeId: string;
  params: Record<string, unknown>;
  deleteEdge?: string;
}

export interface NodeAnalysis {
  /** Output port id -> shape, for the ports whose shape could be inferred. */
  outputShapes: Record<string, Shape>;
  /** Output port id -> what else is known about it (a table's columns, the target), for data ports. */
  outputInfo?: Record<string, PortInfo>;
  /** Every weight the layer holds, as Keras's "Param #" counts it. */
  paramCount?: number;
  /** The part of paramCount training does not learn (BatchNormalization's moving statistics); absent: none. */
  nonTrainableParamCount?: number;
  /** Params after parsing with defaults and filling in auto values; absent when they do not parse. */
  params?: Record<string, unknown>;
  /** Fields left empty that compile picked a value for, and why. */
  auto?: Record<string, AutoValue>;
}

export interface Analysis {
  nodes: Record<string, NodeAnalysis>;
  /** Edge id -> the shape flowing along it. */
  edgeShapes: Record<string, Shape>;
}

export type CompileResult =
  | { ok: true; spec: PipelineSpec; issues: Issue[]; analysis: Analysis }
  | { ok: false; issues: Issue[]; analysis: Analysis };

/** Parses params, checks wiring, infers shapes and builds the spec; see the passes above. */
export function compile(doc: PipelineDocument): CompileResult {
  const ctx = createContext(doc);
  const failed = () => ctx.issues.some((i) => i.severity === 'error');
  const { issues, analysis } = ctx;

  parseParams(ctx);
  const wiring = checkWiring(ctx);
  const shapes = inferShapes(ctx, wiring);
  const stages = checkStages(ctx, wiring);
  if (failed()) return { ok: false, issues, analysis };

  const model = findModel(ctx, wiring, stages);
  if (failed()) return { ok: false, issues, analysis };

  const spec = buildSpec(ctx, wiring, shapes, stages, model);
  return { ok: true, spec, issues, analysis };
}

function createContext(doc: PipelineDocument): CompileContext {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const issues: Issue[] = [];
  return {
    doc,
    nodes,
    defs: new Map(),
    params: new Map(),
    issues,
    analysis: { nodes: {}, edgeShapes: {} },
    name: (id) => {
      const node = nodes.get(id);
      return node ? nodeName(node) : id;
    },
    distinct: distinctNodeNames(doc.nodes),
    error: (issue) => issues.push({ severity: 'error', ...issue }),
    warn: (issue) => issues.push({ severity: 'warning', ...issue }),
  };
}
