import { z } from 'zod';
import { tokenizeStep } from '@/lib/data/steps/tokenize';
import { defineNode, fail, ok } from '../define-node';
import { autoColumns, autoFromTable, chosenColumns, isFailure, tableInput } from './table-input';

const ends = z.enum(['pre', 'post']).meta({ optionLabels: { pre: 'At the start', post: 'At the end' } });

export const tokenize = defineNode({
  kind: 'preprocess.tokenize',
  version: 1,
  category: 'preprocess',
  ui: {
    label: 'Tokenize',
    description: 'Turns a text column into a fixed-length sequence of word ids, with a vocabulary learnt from the training rows.',
    whenUnused: 'the text is not read by the model',
  },
  params: z.object({
    column: z.string().optional().meta({ auto: true }).describe('The text column to read; empty = the first text column'),
    lowercase: z.boolean().default(true).describe('Read "Free" and "free" as the same word'),
    vocabularySize: z
      .number()
      .int()
      .min(3)
      .max(100_000)
      .default(10_000)
      .describe('Word ids in all: the most frequent training words, plus 0 for padding and 1 for any other word'),
    sequenceLength: z.number().int().min(1).max(5_000).default(100).describe('Words kept per text: shorter texts are padded with 0, longer ones cut'),
    padding: ends.default('post').describe('Where a short text gets its padding'),
    truncating: ends.default('post').describe('Which end of a long text is cut off'),
  }),
  inputs: [{ id: 'in', label: 'table', type: 'table' }],
  outputs: [{ id: 'out', label: 'token ids', type: 'tensor' }],
  autoFromInputs: autoFromTable((_p, table) => ({ column: autoColumns(table.columns.filter((c) => c.type === 'text').slice(0, 1), 'the first text column') })),
  inferShape: (p, _shapes, info) => {
    const table = tableInput(info);
    if (isFailure(table)) return table;
    const columns = chosenColumns(table, p.column, ['text'], 'read text columns');
    if (isFailure(columns)) return columns;
    if (columns.length !== 1) {
      const texts = table.columns.filter((c) => c.type === 'text');
      return fail(
        'E_TEXT_COLUMN',
        columns.length === 0 ? 'Tokenize has no text column to read.' : 'Tokenize reads one text column, but several are named.',
        texts.length === 0 ? 'Connect a table with a text column, such as the spam e-mails.' : `Name one of: ${texts.map((c) => c.name).join(', ')}.`,
        texts.length === 0 ? {} : { fix: { label: `Read ${texts[0].name}`, params: { column: texts[0].name } } },
      );
    }
    return ok([[null, p.sequenceLength]], [{ ids: p.vocabularySize }]);
  },
  data: { module: 'tokenize', exportName: 'tokenizeStep', step: tokenizeStep },
  emit: () => ({}),
  summary: (p) => `${p.vocabularySize.toLocaleString('en-US')} words · ${p.sequenceLength} per text`,
});
