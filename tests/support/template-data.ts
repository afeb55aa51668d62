import { compile } from '@/lib/compile/compile';
import type { PreparedData } from '@/lib/data/run';
import type { Target } from '@/lib/data/table';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { prepareRun } from '@/lib/engine/train';
import type { PipelineSpec } from '@/lib/spec/spec';
import { templates } from '@/lib/templates';

/**
 * A template's data as its training run sees it (the same split, fitted steps and rows), for the
 * baselines a template's claim is measured against.
 */
export async function templateData(id: string): Promise<{ spec: PipelineSpec; prepared: PreparedData }> {
  const template = templates.find((t) => t.id === id);
  if (!template) throw new Error(`No template "${id}".`);
  const compiled = compile(template.document);
  if (!compiled.ok) throw new Error(`${id} does not compile: ${JSON.stringify(compiled.issues)}`);
  const { spec } = compiled;
  const table = await loadSourceTable(spec.data.dataset, nodeSourceReaders);
  return { spec, prepared: prepareRun(spec, table) };
}

/** The share of the rows in the commonest class: the accuracy of always guessing it. */
export function majorityRate(target: Target): number {
  if (target.kind !== 'classes') throw new Error('The majority-class rate needs a class target.');
  const counts = new Array<number>(target.classNames.length).fill(0);
  for (const c of target.values) counts[c]++;
  return Math.max(...counts) / target.values.length;
}

/** The numbers of a one-column number target. */
export function targetNumbers(target: Target): Float32Array {
  if (target.kind !== 'numbers' || target.names.length !== 1) throw new Error('Expected a target of one number column.');
  return target.values;
}
