import { z } from 'zod';

/**
 * What the user edits, and what is saved, shared and templated. It holds raw params as typed
 * (possibly invalid: the inspector must never lose what the user typed); compile() validates them.
 */
export const documentVersion = 1;

const id = z.string().min(1).max(100);

export const PipelineNode = z.object({
  id,
  kind: z.string().min(1).max(100),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  label: z.string().max(100).optional(),
});
export type PipelineNode = z.infer<typeof PipelineNode>;

export const PipelineEdge = z.object({
  source: id,
  sourcePort: id,
  target: id,
  targetPort: id,
});
export type PipelineEdge = z.infer<typeof PipelineEdge>;

export const PipelineDocument = z
  .object({
    version: z.literal(documentVersion),
    name: z.string().min(1).max(200),
    description: z.string().max(5000).default(''),
    nodes: z.array(PipelineNode).max(500),
    edges: z.array(PipelineEdge).max(2000),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.nodes.forEach((node, i) => {
      if (seen.has(node.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `Duplicate node id "${node.id}"` });
      seen.add(node.id);
    });
  });
export type PipelineDocument = z.infer<typeof PipelineDocument>;

/** Stable edge id, so the same wire has the same id in the store, the canvas and the compiler. */
export function edgeId(edge: PipelineEdge): string {
  return `${edge.source}.${edge.sourcePort}->${edge.target}.${edge.targetPort}`;
}

/** Key of a node's output port, used to look up the shape that flows out of it. */
export function portKey(nodeId: string, portId: string): string {
  return `${nodeId}.${portId}`;
}
