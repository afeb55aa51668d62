import type { PipelineDocument } from '@/lib/document/document';
import { digitCnn } from './digit-cnn';
import { irisMlp } from './iris-mlp';
import { recommender } from './recommender';
import { signalClassifier } from './signal-classifier';
import { spamLstm } from './spam-lstm';
import { spamTransformer } from './spam-transformer';
import { weatherForecast } from './weather-forecast';

/**
 * What a template promises when trained as it opens, on held-out rows: the gallery says it, and a
 * Node training test (tests/training/) holds the template to it.
 */
export interface TemplateResult {
  /** The RunJson key the claim is about: 'val_accuracy', 'val_mae', 'val_rmse', ... */
  metric: string;
  /** The claim holds when the value is at least this (scores) ... */
  atLeast?: number;
  /** ... or at most this (errors). */
  atMost?: number;
  /** The claim in words for the gallery, with the baseline it beats where there is one: "at least 90% validation accuracy (always guessing the commoner class: 50%)". */
  words: string;
}

export interface Template {
  id: string;
  document: PipelineDocument;
  result?: TemplateResult;
}

export const templates: Template[] = [
  { id: 'digit-cnn', document: digitCnn },
  { id: 'iris-mlp', document: irisMlp },
  {
    id: 'spam-lstm',
    document: spamLstm,
    result: { metric: 'val_accuracy', atLeast: 0.9, words: 'at least 90% validation accuracy (always guessing the commoner class: 50%)' },
  },
  {
    id: 'spam-transformer',
    document: spamTransformer,
    result: { metric: 'val_accuracy', atLeast: 0.9, words: 'at least 90% validation accuracy (always guessing the commoner class: 50%)' },
  },
  {
    id: 'weather-forecast',
    document: weatherForecast,
    result: {
      metric: 'val_mae',
      atMost: 2.13,
      words: "validation MAE at most 2.13 °C, at least 10% below repeating the last day's temperature (2.37 °C on the same days)",
    },
  },
  {
    id: 'signal-classifier',
    document: signalClassifier,
    result: { metric: 'val_accuracy', atLeast: 0.95, words: 'at least 95% validation accuracy (guessing: 25%)' },
  },
  {
    id: 'recommender',
    document: recommender,
    result: { metric: 'val_rmse', atMost: 0.55, words: 'validation RMSE at most 0.55, under 0.7x always predicting the average rating (0.86 on the same ratings)' },
  },
];

/** What a new user sees first, and what "New" falls back to. */
export const defaultTemplate = templates[0];
