import type { AnyNodeDefinition, PortDefinition, PortType } from '@/nodes/define-node';
import { edgeId, type PipelineEdge } from '@/lib/document/document';
import { dataStage, type CompileContext } from './context';
import { loopThrough, topologicalOrder } from './graph';

/** The wires that hold, and the order in which data flows along them. */
export interface Wiring {
  /** Target node id -> its input port id -> the one wire into it. */
  incoming: Map<string, Map<string, PipelineEdge>>;
  /** The wires that passed every check, in document order. */
  wired: PipelineEdge[];
  /** The known nodes in flow order; nodes on a loop, or downstream of one, are left out. */
  order: string[];
}

const portTypeNames: Record<PortType, string> = { table: 'a table', tensor: 'a tensor', labels: 'labels', loss: 'a loss' };

/**
 * Pass 2, wiring: keeps the wires whose two ends exist and agree in type, one per input port, and
 * sorts the nodes in flow order, naming the wire that closes each loop. Later passes see only
 * these wires: a refused one has its issue here and is not reported again as something else.
 */
export function checkWiring(ctx: CompileContext): Wiring {
  const { nodes, defs, error, name, distinct } = ctx;
  const incoming = new Map<string, Map<string, PipelineEdge>>();
  const wired: PipelineEdge[] = [];
  for (const edge of ctx.doc.edges) {
    const source = defs.get(edge.source);
    const target = defs.get(edge.target);
    const out = source?.outputs.find((p) => p.id === edge.sourcePort);
    const into = target?.inputs.find((p) => p.id === edge.targetPort);
    if (!out || !into) {
      // Unknown kinds already have their own issue; only report wires that point nowhere.
      if ((nodes.has(edge.source) && !source) || (nodes.has(edge.target) && !target)) continue;
      const end = !out ? edge.source : edge.target;
      error({
        code: 'E_BAD_EDGE',
        nodeId: nodes.has(end) ? end : undefined,
        message: `A connection points to a port that does not exist (${edge.source}.${edge.sourcePort} -> ${edge.target}.${edge.targetPort}).`,
        hint: 'Delete that connection and wire the nodes again.',
      });
      continue;
    }
    const refusal = connectionRefusal(source!, out, target!, into);
    if (refusal) {
      error({ code: 'E_PORT_TYPE', nodeId: edge.target, portId: edge.targetPort, ...refusal });
      continue;
    }
    const ports = incoming.get(edge.target) ?? new Map<string, PipelineEdge>();
    if (ports.has(edge.targetPort)) {
      error({
        code: 'E_PORT_TAKEN',
        nodeId: edge.target,
        portId: edge.targetPort,
        message: `${name(edge.target)} has two connections into its "${into.label}" input; it takes one.`,
        hint: 'Delete one of the two connections.',
      });
      continue;
    }
    ports.set(edge.targetPort, edge);
    incoming.set(edge.target, ports);
    wired.push(edge);
  }

  // What is left out of the order sits on a loop or downstream of one; flag only the loop's
  // nodes, each naming the connection that closes it (the last drawn of its wires).
  const order = topologicalOrder([...defs.keys()], wired);
  const ordered = new Set(order);
  for (const id of defs.keys()) {
    if (ordered.has(id)) continue;
    const loop = loopThrough(id, wired);
    const closing = wired.findLast((e) => loop.has(e.source) && loop.has(e.target));
    if (!closing) continue;
    // A loop often runs through two nodes of one kind: the messages tell them apart.
    const connection = `${distinct(closing.source)} → ${distinct(closing.target)}`;
    error({
      code: 'E_CYCLE',
      nodeId: id,
      message:
        closing.source === closing.target
          ? `${distinct(id)} feeds its own input (${connection}): data must flow one way.`
          : `${distinct(id)} is part of a loop closed by the connection ${connection}: its output flows back into its own input.`,
      hint: `Data must flow one way, from the dataset to the loss: delete the connection ${connection}.`,
      fix: { label: 'Delete this connection', nodeId: closing.target, params: {}, deleteEdge: edgeId(closing) },
    });
  }
  return { incoming, wired, order };
}

/** Why a wire from `out` to `into` may not exist, in words for the user; undefined when it may. */
export function connectionRefusal(
  source: AnyNodeDefinition,
  out: PortDefinition,
  target: AnyNodeDefinition,
  into: PortDefinition,
): { message: string; hint: string } | undefined {
  if (out.type === into.type) return undefined;
  return {
    message: `${target.ui.label}'s "${into.label}" input takes ${portTypeNames[into.type]}, but ${source.ui.label}'s "${out.label}" output gives ${portTypeNames[out.type]}.`,
    hint: missingInputHint(target, into),
  };
}

/**
 * What to wire into `target`'s `port`, pointing at the node that provides it. The data flows
 * Dataset (a table) -> split -> Select columns (features, a tensor) or Target column (labels);
 * tensor preprocessing sits between Select columns and the first layer. Table readers take the
 * split's table when the pipeline has one (`split` is its name), the split takes the dataset's.
 * Never names the node itself.
 */
export function missingInputHint(target: AnyNodeDefinition, port: PortDefinition, split?: string): string {
  const readsData = dataStage.has(target.category);
  switch (port.type) {
    case 'loss':
      return 'Connect the loss output of a loss node (for example Categorical cross-entropy).';
    case 'labels':
      return split
        ? `Connect the output of a Target column node that reads the table of ${split}.`
        : "Connect the output of a Target column node that reads the dataset's table.";
    case 'table':
      return split && target.kind !== 'preprocess.split' ? `Connect the table output of ${split}.` : "Connect the dataset's table output.";
    default:
      if (port.id === 'prediction') return 'Connect the last layer of the model (the classifier).';
      if (readsData) return 'Connect the features output of a Select columns node, or of a preprocessing node after it.';
      return 'Connect another layer, or the features output of Select columns.';
  }
}
