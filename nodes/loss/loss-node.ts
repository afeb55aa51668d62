import { z } from 'zod';
import {
  defineNode,
  fail,
  ok,
  type BuildContext,
  type EmitByCategory,
  type NodeDefinition,
  type ShapeFailure,
  type TargetEncoding,
} from '../define-node';
import { checkPrediction, describeTarget } from '../shared';
import { ts } from '@/lib/export/code';
import type { Shape } from '@/lib/shape/shape';
import type { TargetInfo } from '@/lib/data/table';

interface LossKind<P extends z.ZodObject> {
  kind: string;
  label: string;
  description: string;
  params: P;
  /** How the engine hands it the target; it also decides which targets the loss accepts. */
  targetEncoding: TargetEncoding;
  /** The activation its prediction should end in. */
  outputActivation: 'softmax' | 'sigmoid' | 'linear';
  /** A tfjs loss name (model.compile takes it as it is), or build and emit for a loss tfjs has no name for. */
  loss: string | { build: NonNullable<NodeDefinition<'loss', P>['build']>; emit: (p: z.output<P>) => EmitByCategory['loss'] };
  summary?: (p: z.output<P>) => string;
}

/**
 * A loss node: compares the prediction with the labels, refuses a target it cannot compare with
 * (cross-entropy on numbers, a regression loss on classes, binary cross-entropy on many classes),
 * and blames a prediction of the wrong width on the node that makes it.
 */
export function defineLoss<P extends z.ZodObject>(l: LossKind<P>): NodeDefinition<'loss', P> {
  const loss = l.loss;
  return defineNode({
    kind: l.kind,
    version: 1,
    category: 'loss',
    ui: { label: l.label, description: l.description },
    params: l.params,
    inputs: [
      { id: 'prediction', label: 'prediction', type: 'tensor' },
      { id: 'labels', label: 'labels', type: 'labels' },
    ],
    outputs: [{ id: 'loss', label: 'loss', type: 'loss' }],
    inferShape: (_p, [prediction, labels], info) => {
      const target = info[1]?.target;
      const refused = wrongTarget(l.label, l.targetEncoding, labels, target);
      if (refused) return refused;
      const check = checkPrediction(prediction, labels, target, l.targetEncoding === 'binary' ? 'probability' : 'scores');
      return check.ok ? ok([[]]) : check;
    },
    targetEncoding: l.targetEncoding,
    outputActivation: l.outputActivation,
    build: typeof loss === 'string' ? () => loss : (p: z.output<P>, ctx: BuildContext) => loss.build(p, ctx),
    emit: typeof loss === 'string' ? () => ({ loss: ts`${loss}` }) : (p: z.output<P>) => loss.emit(p),
    ...(l.summary ? { summary: l.summary } : {}),
  });
}

const forClasses = 'Use categorical or sparse categorical cross-entropy (binary cross-entropy for two classes).';
const forNumbers = 'Use mean squared error, mean absolute error or Huber: they compare numbers.';

function wrongTarget(label: string, encoding: TargetEncoding, labels: Shape, target: TargetInfo | undefined): ShapeFailure | undefined {
  if (encoding === 'numbers') {
    return target?.kind === 'classes'
      ? fail('E_LOSS_TASK', `${label} compares predicted numbers, but the target is one of ${describeTarget(target)}: a classifier.`, forClasses)
      : undefined;
  }
  if (target?.kind === 'numbers') {
    return fail('E_LOSS_TASK', `${label} compares class probabilities, but the target is ${describeTarget(target)}: a regression.`, forNumbers);
  }
  // Without what the target is (older callers), the labels [?, classes] are one-hot classes.
  const classes = target ? target.classNames.length : (labels[labels.length - 1] ?? 0);
  if (encoding === 'binary' && classes !== 2) {
    return fail(
      'E_LOSS_TASK',
      `${label} is for a choice between two classes, but the target has ${target ? describeTarget(target) : `${classes} classes`}.`,
      'Use categorical or sparse categorical cross-entropy: they pick one class out of several.',
    );
  }
  return undefined;
}
