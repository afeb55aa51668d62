import { getNodeDefinition } from '@/nodes';
import type { PortDefinition } from '@/nodes/define-node';
import type { PipelineDocument, PipelineNode } from '@/lib/document/document';
import { connectionRefusal } from '@/lib/compile/compile';
import { nodeName } from '@/lib/document/node-name';

/** One input of the node being wired, and what feeds it now (choosing a source for it replaces that wire). */
export interface InputChoice {
  port: PortDefinition;
  feeder?: { nodeId: string; nodeLabel: string; portLabel: string };
}

/** An output of another node that may be wired into the chosen input. */
export interface SourceChoice {
  nodeId: string;
  nodeLabel: string;
  /** The node's kind in words ("Dense"), to tell a renamed node's kind. */
  kindLabel: string;
  port: PortDefinition;
  /** True when nothing reads this output yet: the likeliest source, so listed first. */
  unused: boolean;
}

/** The node's inputs, free ones first, each with what feeds it now. */
export function inputChoices(doc: PipelineDocument, nodeId: string): InputChoice[] {
  const node = doc.nodes.find((n) => n.id === nodeId);
  const def = node && getNodeDefinition(node.kind);
  if (!def) return [];
  const choices = def.inputs.map((port): InputChoice => {
    const wire = doc.edges.find((e) => e.target === nodeId && e.targetPort === port.id);
    const from = wire && doc.nodes.find((n) => n.id === wire.source);
    const fromPort = from && getNodeDefinition(from.kind)?.outputs.find((p) => p.id === wire.sourcePort);
    return from
      ? { port, feeder: { nodeId: from.id, nodeLabel: nodeName(from), portLabel: fromPort?.label ?? wire.sourcePort } }
      : { port };
  });
  return [...choices.filter((c) => !c.feeder), ...choices.filter((c) => c.feeder)];
}

/** Every node that `nodeId` feeds, directly or not: wiring any of them into it would close a loop. */
function downstreamOf(doc: PipelineDocument, nodeId: string): Set<string> {
  const seen = new Set([nodeId]);
  const stack = [nodeId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of doc.edges) {
      if (e.source === id && !seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return seen;
}

/**
 * The outputs that may feed `inputPort` of `nodeId`: of a matching type (the same rule as a drag
 * on the canvas), not making a loop, and not the wire already there. Unused outputs come first.
 * `hidden` counts the outputs left out, so the picker can say why the list is short.
 */
export function sourceChoices(
  doc: PipelineDocument,
  nodeId: string,
  inputPort: string,
): { choices: SourceChoice[]; hidden: number } {
  const target = doc.nodes.find((n) => n.id === nodeId);
  const targetDef = target && getNodeDefinition(target.kind);
  const into = targetDef?.inputs.find((p) => p.id === inputPort);
  if (!targetDef || !into) return { choices: [], hidden: 0 };
  const loops = downstreamOf(doc, nodeId);
  const used = new Set(doc.edges.map((e) => `${e.source}.${e.sourcePort}`));
  const choices: SourceChoice[] = [];
  let hidden = 0;
  for (const node of doc.nodes) {
    const def = getNodeDefinition(node.kind);
    if (!def || node.id === nodeId) continue;
    for (const port of def.outputs) {
      const wired = doc.edges.some(
        (e) => e.source === node.id && e.sourcePort === port.id && e.target === nodeId && e.targetPort === inputPort,
      );
      if (wired || loops.has(node.id) || connectionRefusal(def, port, targetDef, into)) {
        hidden++;
        continue;
      }
      choices.push({ nodeId: node.id, nodeLabel: nodeName(node), kindLabel: def.ui.label, port, unused: !used.has(`${node.id}.${port.id}`) });
    }
  }
  return { choices: [...choices.filter((c) => c.unused), ...choices.filter((c) => !c.unused)], hidden };
}
