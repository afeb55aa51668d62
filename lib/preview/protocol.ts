import { z } from 'zod';
import { DataSource } from '@/lib/spec/spec';
import type { TablePreview, TargetPreview, TensorPreview } from '@/lib/data/stats';

/**
 * What the page and the preview worker say to each other, checked with zod on both sides. The
 * plan is plain data (node kinds, not functions), so it crosses to the worker as it is; the answer
 * holds only what the panel shows (first rows and statistics), never the whole data.
 */

const PreviewStep = z.object({
  id: z.string(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** `node.port` keys, in the node's input and output order. */
  inputs: z.array(z.string()),
  outputs: z.array(z.string()),
  seed: z.number().int(),
});

export const PreviewPlan = z.object({
  nodeId: z.string(),
  /** Where the rows come from (the data node's source), and that node's table port. */
  source: DataSource,
  sourceKey: z.string(),
  /** The steps from the data node to the node previewed, in flow order; the node itself last. Empty for a data node. */
  steps: z.array(PreviewStep),
  /** The node's outputs: what the panel shows, one section per port. */
  outputs: z
    .array(
      z.object({
        key: z.string(),
        label: z.string(),
        type: z.enum(['table', 'tensor', 'labels']),
        /** Tables: the column whose class balance is shown. */
        target: z.string().optional(),
      }),
    )
    .min(1),
  /** Every row, or the training rows only when the node comes after the split. */
  rows: z.enum(['all', 'train']),
});
export type PreviewPlan = z.infer<typeof PreviewPlan>;
export type PreviewStep = z.infer<typeof PreviewStep>;

/** One output port's preview. */
export type OutputPreview =
  | { key: string; label: string; kind: 'table'; preview: TablePreview }
  | { key: string; label: string; kind: 'tensor'; preview: TensorPreview }
  | { key: string; label: string; kind: 'target'; preview: TargetPreview };

/** Rows in each part when the node comes after the split: the preview shows the training part. */
export interface SplitRows {
  train: number;
  validation: number;
  test: number;
}

export interface PreviewResult {
  outputs: OutputPreview[];
  /** Present when the node sees the training rows only (it comes after the split). */
  split?: SplitRows;
}

export const ToPreviewWorker = z.object({ type: z.literal('preview'), id: z.number().int(), plan: PreviewPlan });
export type ToPreviewWorker = z.infer<typeof ToPreviewWorker>;

const object = (v: unknown) => typeof v === 'object' && v !== null;
const OutputPreviewMessage = z.discriminatedUnion('kind', [
  z.object({ key: z.string(), label: z.string(), kind: z.literal('table'), preview: z.custom<TablePreview>((v) => object(v) && Array.isArray((v as TablePreview).head)) }),
  z.object({ key: z.string(), label: z.string(), kind: z.literal('tensor'), preview: z.custom<TensorPreview>((v) => object(v) && Array.isArray((v as TensorPreview).shape)) }),
  z.object({ key: z.string(), label: z.string(), kind: z.literal('target'), preview: z.custom<TargetPreview>((v) => object(v) && typeof (v as TargetPreview).rows === 'number') }),
]);

export const FromPreviewWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), id: z.number().int(), message: z.string() }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    outputs: z.array(OutputPreviewMessage),
    split: z.object({ train: z.number(), validation: z.number(), test: z.number() }).optional(),
  }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string(), hint: z.string() }),
]);
export type FromPreviewWorker = z.infer<typeof FromPreviewWorker>;
