import { recurrentNode } from './recurrent';

export const simpleRnn = recurrentNode(
  'layer.simpleRnn',
  'SimpleRNN',
  'Reads a sequence step by step, carrying a memory of what came before; fast, but forgets over long spans.',
  'simpleRNN',
);
