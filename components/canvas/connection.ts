import { getNodeDefinition } from '@/nodes';
import type { PortDefinition } from '@/nodes/define-node';
import { connectionRefusal } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';

export interface ConnectionEnds {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

export type ConnectionCheck =
  | { ok: true; out: PortDefinition; into: PortDefinition }
  | { ok: false; message: string; hint: string };

/**
 * Whether a wire may run between two ports, and why not in words. One check serves the marks
 * while a wire is dragged and the refusal after it is dropped, so the two never disagree.
 */
export function checkConnection(doc: PipelineDocument, c: ConnectionEnds): ConnectionCheck | undefined {
  const sourceNode = doc.nodes.find((n) => n.id === c.source);
  const targetNode = doc.nodes.find((n) => n.id === c.target);
  const sourceDef = sourceNode && getNodeDefinition(sourceNode.kind);
  const targetDef = targetNode && getNodeDefinition(targetNode.kind);
  const out = sourceDef?.outputs.find((p) => p.id === c.sourceHandle);
  const into = targetDef?.inputs.find((p) => p.id === c.targetHandle);
  if (!sourceDef || !targetDef || !out || !into) return undefined;
  if (c.source === c.target) {
    return {
      ok: false,
      message: `${targetNode.label ?? targetDef.ui.label} cannot feed its own input: data must flow one way.`,
      hint: 'Connect it to the next node instead.',
    };
  }
  const refusal = connectionRefusal(sourceDef, out, targetDef, into);
  return refusal ? { ok: false, ...refusal } : { ok: true, out, into };
}
