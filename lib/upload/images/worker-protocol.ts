import { z } from 'zod';

/** What the image folder panel and the image reading worker say to each other, checked on both sides. */

export const ToImageWorker = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('read'),
    /** The folder's or the zip's name, as the node shows it. */
    name: z.string().min(1),
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('zip'), bytes: z.instanceof(Uint8Array) }),
      z.object({ kind: z.literal('folder'), files: z.array(z.object({ path: z.string(), file: z.instanceof(Blob) })) }),
    ]),
    size: z.tuple([z.number().int().min(4).max(512), z.number().int().min(4).max(512)]),
    channels: z.union([z.literal(1), z.literal(3)]),
  }),
  z.object({ type: z.literal('cancel') }),
]);
export type ToImageWorker = z.infer<typeof ToImageWorker>;

const PathReason = z.object({ path: z.string(), reason: z.string() });

export const FromImageWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: z.number().int(), total: z.number().int() }),
  z.object({
    type: z.literal('done'),
    fingerprint: z.string(),
    file: z.string(),
    rows: z.number().int(),
    classes: z.array(z.object({ name: z.string(), count: z.number().int() })),
    unreadable: z.array(PathReason),
    skipped: z.array(PathReason),
    problems: z.array(z.string()),
  }),
  z.object({ type: z.literal('failed'), message: z.string(), cancelled: z.boolean() }),
]);
export type FromImageWorker = z.infer<typeof FromImageWorker>;
export type ImageReadSummary = Extract<FromImageWorker, { type: 'done' }>;
