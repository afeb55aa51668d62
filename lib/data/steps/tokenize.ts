import { column, type DataTensor, type StepFunctions, type Table } from '../table';

export interface TokenizeParams {
  /** The text column (compile fills in the default when left empty). */
  column?: string;
  lowercase: boolean;
  /** Ids in all, counting 0 (padding) and 1 (a word outside the vocabulary). */
  vocabularySize: number;
  sequenceLength: number;
  /** Where short texts get their padding zeros. */
  padding: 'pre' | 'post';
  /** Which end of a long text is cut. */
  truncating: 'pre' | 'post';
}

/** The vocabulary learnt from the training rows: `words[i]` has id i + 2. */
export interface TokenizeState {
  words: string[];
}

/** Ids below this one are reserved: 0 pads a short text, 1 stands for a word outside the vocabulary. */
export const padId = 0;
export const unknownId = 1;
const firstWordId = 2;

/**
 * A word is a run of letters and digits (any script), with apostrophes inside it kept ("don't"):
 * punctuation, spaces and symbols separate words.
 */
const wordPattern = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

export function words(text: string, lowercase: boolean): string[] {
  return (lowercase ? text.toLowerCase() : text).match(wordPattern) ?? [];
}

/**
 * Turns a text column into a fixed-length sequence of word ids per row, for an Embedding. The
 * vocabulary holds the most frequent words of the training rows (ties in alphabetical order), as
 * many as fit in vocabularySize after the two reserved ids.
 */
export const tokenizeStep: StepFunctions<TokenizeParams, TokenizeState> = {
  fit: (params, [input]) => {
    const counts = new Map<string, number>();
    countWords(counts, input as Table, params);
    return vocabulary(counts, params);
  },
  // Word counts add up chunk by chunk; the vocabulary is ranked once, from the whole count.
  fitStream: (params) => {
    const counts = new Map<string, number>();
    return { add: ([input]) => countWords(counts, input as Table, params), end: () => vocabulary(counts, params) };
  },
  apply: (params, [input], state) => {
    const texts = textValues(input as Table, params);
    const ids = new Map(state.words.map((word, i) => [word, i + firstWordId]));
    const length = params.sequenceLength;
    const values = new Int32Array(texts.length * length).fill(padId);
    texts.forEach((text, row) => {
      let tokens = words(text ?? '', params.lowercase).map((word) => ids.get(word) ?? unknownId);
      if (tokens.length > length) tokens = params.truncating === 'pre' ? tokens.slice(tokens.length - length) : tokens.slice(0, length);
      values.set(tokens, row * length + (params.padding === 'pre' ? length - tokens.length : 0));
    });
    const tensor: DataTensor = { kind: 'tensor', shape: [texts.length, length], dtype: 'int32', values };
    return [tensor];
  },
};

function countWords(counts: Map<string, number>, table: Table, params: TokenizeParams): void {
  for (const text of textValues(table, params)) {
    for (const word of words(text ?? '', params.lowercase)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
}

function vocabulary(counts: Map<string, number>, params: TokenizeParams): TokenizeState {
  const ranked = [...counts].sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0));
  return { words: ranked.slice(0, Math.max(0, params.vocabularySize - firstWordId)).map(([word]) => word) };
}

function textValues(table: Table, params: TokenizeParams): (string | null)[] {
  const c = column(table, params.column ?? '');
  if (c.type !== 'text') throw new Error(`Column "${c.name}" is a ${c.type} column: tokenize reads text.`);
  return c.values;
}
