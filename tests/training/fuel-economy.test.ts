import { expect, it } from 'vitest';
import { globalMeanMae, heldOutTargets } from '../support/held-out';
import { trainTemplate } from '../support/template-run';

it('the fuel-economy template predicts mpg within 2.0 on average on validation cars, less than a third of always guessing the mean', async () => {
  const { template, json, result } = await trainTemplate('fuel-economy');
  // The 8 cars without an mpg are dropped before the split: 398 remain.
  expect(result.trainSamples + result.validationSamples).toBe(398);
  const { train, validation } = await heldOutTargets('fuel-economy');
  const baseline = globalMeanMae(train, validation);
  console.log(`fuel-economy baseline: always predicting the training mean is off by ${baseline.toFixed(2)} mpg on the same ${validation.values.length} cars`);
  // The gallery quotes the baseline: it must be the one these rows give.
  expect(template.result!.words).toContain(`about ${baseline.toFixed(1)} mpg`);
  expect(json.metrics.val_mae).toBeLessThan(baseline / 3);
}, 180_000);
