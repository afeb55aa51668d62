import { z } from 'zod';
import { fail, type EmitParts, type ShapeFailure } from '../define-node';
import { ts } from '@/lib/export/code';
import { formatShape, type Shape } from '@/lib/shape/shape';

/** Heads and their size, as Keras's MultiHeadAttention names them. */
export const headParams = {
  numHeads: z.number().int().min(1).max(16).default(2).describe('Attention heads, each looking at the sequence in its own way'),
  keyDim: z.number().int().min(1).max(256).default(16).describe('Size of the query and key vectors of each head'),
};

/** Why a layer that reads sequences [?, steps, features] cannot read `x`, or undefined when it can. */
export function notASequence(layer: string, x: Shape): ShapeFailure | undefined {
  if (x.length === 3) return undefined;
  return fail(
    'E_RANK',
    `${layer} reads sequences shaped [?, steps, features], but it receives ${formatShape(x)}.`,
    x.length === 2
      ? 'Add a Time windowing, Reshape or Embedding node before it, so each sample becomes a sequence of steps.'
      : 'Add a Reshape node before it that makes [?, steps, features].',
  );
}

/**
 * What an attention node adds to the exported program: lib/layers/attention.ts (shipped as
 * layers/attention.ts), and its classes made once for the program's tf module (`attention.X` in `layer`).
 */
export const attentionModule: EmitParts = {
  imports: [{ module: './layers/attention', named: ['attentionLayers'] }],
  declarations: [ts`/** The attention layers of attention.ts, made for this tf module. */
const attention = attentionLayers(tf);`],
};
