import { expect, it } from 'vitest';
import { trainTemplate } from '../support/template-run';

it('the deeper digit CNN, trained on augmented digits, reaches at least 98% validation accuracy on the 2,000 held-out real ones', async () => {
  const { result } = await trainTemplate('digits-deep-cnn');
  expect([result.trainSamples, result.validationSamples]).toEqual([8000, 2000]);
}, 600_000);
