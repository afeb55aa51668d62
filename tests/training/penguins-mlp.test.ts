import { expect, it } from 'vitest';
import { heldOutTargets, majorityClassRate } from '../support/held-out';
import { trainTemplate } from '../support/template-run';

it('the penguins template cleans, encodes and classifies to at least 97% validation accuracy, far above always guessing the commonest species', async () => {
  const { template, json, result } = await trainTemplate('penguins-mlp');
  // Dropping the 11 penguins with a gap leaves 333 (the split holds 20% out).
  expect(result.trainSamples + result.validationSamples).toBe(333);
  const { validation } = await heldOutTargets('penguins-mlp');
  const baseline = majorityClassRate(validation);
  console.log(`penguins-mlp baseline: always guessing the commonest species scores ${(baseline * 100).toFixed(1)}% on the same ${validation.values.length} penguins`);
  // The gallery quotes the baseline: it must be the one these rows give.
  expect(template.result!.words).toContain(`about ${Math.round(baseline * 100)}%`);
  expect(json.metrics.val_accuracy).toBeGreaterThan(baseline + 0.4);
}, 180_000);
