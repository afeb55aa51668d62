import { it } from 'vitest';
import { trainTemplate } from '../support/template-run';

it('the Conv1D signal classifier reaches at least 95% validation accuracy on the synthetic waveforms', async () => {
  await trainTemplate('signal-classifier');
}, 180_000);
