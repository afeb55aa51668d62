import { expect, it } from 'vitest';
import { templateData, majorityRate } from '../support/template-data';
import { trainTemplate } from '../support/template-run';

it('the LSTM spam filter beats always guessing the commoner class, as its gallery entry says', async () => {
  const { prepared } = await templateData('spam-lstm');
  const majority = majorityRate(prepared.validation!.target);
  const { template, json } = await trainTemplate('spam-lstm');
  console.log(`spam-lstm: majority-class rate on the validation e-mails ${(majority * 100).toFixed(1)}%`);
  // The gallery shows the baseline beside the result: it must be the one measured here.
  expect(template.result!.words).toContain(`commoner class: ${Math.round(majority * 100)}%`);
  expect(json.metrics.val_accuracy).toBeGreaterThan(majority + 0.3);
  // Precision, recall and F1 are measured too (the browser test looks for them).
  for (const metric of ['val_precision', 'val_recall', 'val_f1']) expect(json.metrics[metric], metric).toBeGreaterThan(0.8);
}, 240_000);
