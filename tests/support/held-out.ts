import { compile } from '@/lib/compile/compile';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { prepareRun } from '@/lib/engine/train';
import type { Target } from '@/lib/data/table';
import { templates } from '@/lib/templates';

/**
 * A template's training and validation targets, from the same data stage (and so the same split
 * and the same rows) its run trains and is judged on: what the baselines its claim beats are
 * computed from.
 */
export async function heldOutTargets(id: string): Promise<{ train: Target; validation: Target }> {
  const template = templates.find((t) => t.id === id);
  if (!template) throw new Error(`No template "${id}".`);
  const compiled = compile(template.document);
  if (!compiled.ok) throw new Error(`${id} does not compile: ${JSON.stringify(compiled.issues)}`);
  const prepared = prepareRun(compiled.spec, await loadSourceTable(compiled.spec.data.dataset, nodeSourceReaders));
  if (!prepared.validation) throw new Error(`${id} holds no rows out for validation.`);
  return { train: prepared.train.target, validation: prepared.validation.target };
}

/** The share of the held-out rows in their commonest class: what always guessing that class scores. */
export function majorityClassRate(target: Target): number {
  if (target.kind !== 'classes') throw new Error('The majority-class rate needs a class target.');
  const counts = new Array<number>(target.classNames.length).fill(0);
  for (const c of target.values) counts[c]++;
  return Math.max(...counts) / target.values.length;
}

/** The mean absolute error of always predicting the training rows' mean on the held-out rows. */
export function globalMeanMae(train: Target, validation: Target): number {
  if (train.kind !== 'numbers' || validation.kind !== 'numbers') throw new Error('The global-mean baseline needs a number target.');
  const mean = train.values.reduce((sum, v) => sum + v, 0) / train.values.length;
  return validation.values.reduce((sum, v) => sum + Math.abs(v - mean), 0) / validation.values.length;
}
