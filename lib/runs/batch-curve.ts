import type { BatchPoint } from './model';

/**
 * A run's batch curve stays at most `maxCurvePoints` long, however many batches the run has.
 * Every batch of a run of thousands (Iris one sample at a time: 120 a epoch) would cost more at
 * every step the longer it ran: the charts rebuilt twice a second, the store copied on every
 * progress message, and the run record serialised into IndexedDB at every save, all on the page's
 * main thread. A chart is a few hundred pixels wide, so past the cap neighbouring points are
 * merged two by two (the batch-weighted mean of their values), and new batches then join the last
 * point until it holds as many as the others: the whole run stays drawn, at an even, coarser step.
 */
export const maxCurvePoints = 2000;

const weight = (p: BatchPoint) => p.batches ?? 1;

/** The mean of two neighbouring points, at the later one's step; NaN and infinities carry through, so a divergence stays on the curve. */
export function mergePoints(a: BatchPoint, b: BatchPoint): BatchPoint {
  const [wa, wb] = [weight(a), weight(b)];
  const mean = (x: number, y: number) => (x * wa + y * wb) / (wa + wb);
  const accuracy = a.accuracy !== undefined && b.accuracy !== undefined ? mean(a.accuracy, b.accuracy) : (b.accuracy ?? a.accuracy);
  return { step: b.step, epoch: b.epoch, loss: mean(a.loss, b.loss), ...(accuracy !== undefined && { accuracy }), batches: wa + wb };
}

/** Merges each pair of neighbours whose batches together stay within `limit`. */
function halve(curve: readonly BatchPoint[], limit: number): BatchPoint[] {
  const out: BatchPoint[] = [];
  for (let i = 0; i < curve.length; i++) {
    const next = curve[i + 1];
    if (next && weight(curve[i]) + weight(next) <= limit) out.push(mergePoints(curve[i], curve[i++ + 1]));
    else out.push(curve[i]);
  }
  return out;
}

/** `curve` with `incoming` (the next batches, in order) appended, kept within `max` points. */
export function extendCurve(curve: readonly BatchPoint[], incoming: readonly BatchPoint[], max = maxCurvePoints): BatchPoint[] {
  if (incoming.length === 0) return curve as BatchPoint[];
  let out = curve.slice();
  // Batches per point: what the fullest point holds (1 until the cap is first reached).
  let stride = out.reduce((most, p) => Math.max(most, weight(p)), 1);
  for (const point of incoming) {
    const last = out[out.length - 1];
    if (last && weight(last) + weight(point) <= stride) out[out.length - 1] = mergePoints(last, point);
    else out.push(point);
    if (out.length > max) {
      stride *= 2;
      out = halve(out, stride);
    }
  }
  return out;
}
