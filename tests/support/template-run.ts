import { expect } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { runJson, type RunJson } from '@/lib/engine/run-json';
import { trainInNode } from '@/lib/engine/train-in-node';
import type { TrainResult } from '@/lib/engine/train';
import { templates, type Template } from '@/lib/templates';

/**
 * Trains a template as a user opens it (its own settings and seed) in Node on tfjs's CPU backend,
 * logs how it went and how long it took (the README's results table quotes these lines), and
 * checks the result its gallery entry promises.
 */
export async function trainTemplate(id: string): Promise<{ template: Template; json: RunJson; result: TrainResult; seconds: number }> {
  const template = templates.find((t) => t.id === id);
  if (!template) throw new Error(`No template "${id}".`);
  const compiled = compile(template.document);
  if (!compiled.ok) throw new Error(`${id} does not compile: ${JSON.stringify(compiled.issues)}`);
  expect(compiled.issues.filter((i) => i.severity === 'warning').map((i) => i.message)).toEqual([]);
  const started = performance.now();
  const result = await trainInNode(compiled.spec);
  const seconds = (performance.now() - started) / 1000;
  const json = runJson(result);
  console.log(
    `${id}: ${JSON.stringify(json.metrics)} after ${json.epochs} epochs on ${result.trainSamples} rows (${result.validationSamples} validate), ${seconds.toFixed(1)} s on the tfjs CPU backend`,
  );
  expect(result.outcome).toBe('finished');
  const claim = template.result;
  if (claim) {
    const value = json.metrics[claim.metric];
    expect(value, `${id}: ${claim.metric}`).toBeTypeOf('number');
    if (claim.atLeast !== undefined) expect(value, `${id}: ${claim.words}`).toBeGreaterThanOrEqual(claim.atLeast);
    if (claim.atMost !== undefined) expect(value, `${id}: ${claim.words}`).toBeLessThanOrEqual(claim.atMost);
  }
  return { template, json, result, seconds };
}
