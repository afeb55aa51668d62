import { z } from 'zod';
import { getNodeDefinition } from '@/nodes';
import type { PipelineDocument } from './document';

/**
 * Settings a quick check changes without touching the canvas: `pipeline train` and `pipeline
 * export` take them as --epochs and --max-samples. They are written into the document's own
 * params (the optimizer's epochs, the dataset's sample limit) before it compiles, so the trained
 * run and the exported code (where they become its constants) see the same values, checked by
 * the same param rules as the canvas.
 */
export const RunOverrides = z.object({
  epochs: z.number().int().min(1).max(500).optional(),
  maxSamples: z.number().int().min(10).max(100_000).optional(),
});
export type RunOverrides = z.infer<typeof RunOverrides>;

/** A copy of `doc` with the overrides written into every optimizer node (epochs) and dataset node (maxSamples). */
export function applyRunOverrides(doc: PipelineDocument, overrides: RunOverrides): PipelineDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      const category = getNodeDefinition(node.kind)?.category;
      if (category === 'optimizer' && overrides.epochs !== undefined) return { ...node, params: { ...node.params, epochs: overrides.epochs } };
      if (category === 'data' && overrides.maxSamples !== undefined) return { ...node, params: { ...node.params, maxSamples: overrides.maxSamples } };
      return node;
    }),
  };
}
