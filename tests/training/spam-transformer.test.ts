import { expect, it } from 'vitest';
import { templateData, majorityRate } from '../support/template-data';
import { trainTemplate } from '../support/template-run';

it('the Transformer spam filter reaches at least 90% validation accuracy', async () => {
  const { prepared } = await templateData('spam-transformer');
  const majority = majorityRate(prepared.validation!.target);
  const { template } = await trainTemplate('spam-transformer');
  expect(template.result!.words).toContain(`commoner class: ${Math.round(majority * 100)}%`);
}, 240_000);
