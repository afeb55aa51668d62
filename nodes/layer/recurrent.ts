import { z } from 'zod';
import { defineNode, fail, ok } from '../define-node';
import { activation, glorotUniform } from '../shared';
import { raw, ts } from '@/lib/export/code';
import { formatShape } from '@/lib/shape/shape';

/**
 * SimpleRNN, LSTM and GRU differ only in their cell, and so in how many weight sets (gates) each
 * step learns; each kind's file is one call to `recurrentNode`.
 *
 * No dropout or recurrentDropout params: tfjs 4.22 draws an RNN cell's dropout masks without a
 * seed, so runs would stop repeating and the export could not match the app. A Dropout node
 * before or after the layer does the same job, seeded.
 *
 * The recurrent kernel starts from a seeded Glorot uniform draw, not tfjs's default orthogonal
 * one: Orthogonal is seedable in tfjs 4.22, but it factorises with linalg.qr, which on the CPU
 * backend took 2 s to build 32 LSTM units, 15 s for 64 and 75 s for 128 (measured here). Its
 * seed is one past the input kernel's, so the two kernels do not start equal.
 */
export type Cell = 'simpleRNN' | 'lstm' | 'gru';

/** Weight sets per step: SimpleRNN has one; LSTM input, forget, cell and output gates; GRU update, reset and candidate. */
const gates: Record<Cell, number> = { simpleRNN: 1, lstm: 4, gru: 3 };

export function recurrentNode<K extends string>(kind: K, label: string, description: string, cell: Cell) {
  return defineNode({
    kind,
    version: 1,
    category: 'layer',
    ui: { label, description },
    params: z.object({
      units: z.number().int().min(1).max(1024).default(32).describe('Size of the memory carried from step to step (outputs per step)'),
      activation: activation.default('tanh'),
      returnSequences: z.boolean().default(false).describe('Output every step [?, steps, units] instead of the last one [?, units]: on to stack another recurrent layer'),
      bidirectional: z.boolean().default(false).describe('Also read the sequence backwards and join both readings (twice the outputs and weights)'),
    }),
    inputs: [{ id: 'in', label: 'in', type: 'tensor' }],
    outputs: [{ id: 'out', label: 'out', type: 'tensor' }],
    inferShape: (p, [x]) => {
      if (x.length !== 3) {
        return fail(
          'E_RANK',
          `${label} reads sequences shaped [?, steps, features], but it receives ${formatShape(x)}.`,
          'Recurrent layers read sequences [?, steps, features]: add a Time windowing or Reshape node before it',
        );
      }
      const width = p.units * (p.bidirectional ? 2 : 1);
      return ok([p.returnSequences ? [null, x[1], width] : [null, width]]);
    },
    paramCount: (p, [x]) => (p.bidirectional ? 2 : 1) * gates[cell] * p.units * ((x[2] ?? 0) + p.units + 1),
    build: (p, { tf, seed }) => {
      const layer = tf.layers[cell]({
        units: p.units,
        activation: p.activation,
        returnSequences: p.returnSequences,
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      });
      return p.bidirectional ? tf.layers.bidirectional({ layer, mergeMode: 'concat' }) : layer;
    },
    emit: (p, ctx) => {
      const layer = ts`tf.layers.${raw(cell)}({ units: ${p.units}, activation: ${p.activation}, returnSequences: ${p.returnSequences}, kernelInitializer: ${glorotUniform(ctx)}, recurrentInitializer: ${glorotUniform({ seed: ts`${ctx.seed} + 1` })} })`;
      return { layer: p.bidirectional ? ts`tf.layers.bidirectional({ layer: ${layer}, mergeMode: 'concat' })` : layer };
    },
    summary: (p) => `${p.units} units${p.bidirectional ? ' ×2 directions' : ''}${p.returnSequences ? ', every step' : ''}`,
  });
}
