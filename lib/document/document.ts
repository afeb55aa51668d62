import { z } from 'zod';

/**
 * What the user edits, and what is saved, shared and templated. It holds raw params as typed
 * (possibly invalid: the inspector must never lose what the user typed); compile() validates them.
 *
 * The version of the document's shape. Raising it means adding a step to `documentMigrations`
 * (lib/document/migrations.ts) that brings the previous version up to this one.
 */
export const documentVersion = 3;

const id = z.string().min(1).max(100);

/** Caps on what a document may hold: far above any pipeline a person builds, low enough to stop hostile input. */
export const maxNodes = 500;
export const maxEdges = 2000;

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
    nodes: z.array(PipelineNode).max(maxNodes),
    edges: z.array(PipelineEdge).max(maxEdges),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.nodes.forEach((node, i) => {
      if (seen.has(node.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `Duplicate node id "${node.id}"` });
      seen.add(node.id);
    });
  });
export type PipelineDocument = z.infer<typeof PipelineDocument>;

/**
 * Node kind -> the version of that kind its nodes' params were written for. Written beside the
 * document wherever it leaves memory (file, link, database), so a later app whose kinds moved on
 * knows which params migrations to run. In memory every node is at its kind's current version.
 */
export const NodeVersions = z.record(z.string().min(1).max(100), z.number().int().min(1).max(1_000_000));
export type NodeVersions = z.infer<typeof NodeVersions>;

/** A document as written to a file, a link or the database: the document plus its nodes' kind versions. */
export type StoredDocument = Omit<PipelineDocument, 'nodes' | 'edges'> & {
  nodeVersions: NodeVersions;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
};

/** Stable edge id, so the same wire has the same id in the store, the canvas and the compiler. */
export function edgeId(edge: PipelineEdge): string {
  return `${edge.source}.${edge.sourcePort}->${edge.target}.${edge.targetPort}`;
}

/** Key of a node's output port, used to look up the shape that flows out of it. */
export function portKey(nodeId: string, portId: string): string {
  return `${nodeId}.${portId}`;
}
