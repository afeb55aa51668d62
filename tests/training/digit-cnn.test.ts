import { expect, it } from 'vitest';
import { trainTemplate } from '../support/template-run';

/**
 * The default template, exactly as a user opens it (6 epochs, all 10,000 digits, seed 42), on
 * tfjs's CPU backend: the quick one, which the deeper digit template is measured against.
 */
it('the digit CNN template reaches its promised validation accuracy on MNIST in 6 epochs', async () => {
  const { result } = await trainTemplate('digit-cnn');
  expect([result.trainSamples, result.validationSamples]).toEqual([8000, 2000]);
  expect(result.history.length).toBe(6);
}, 360_000);
