import type { PipelineDocument } from '@/lib/document/document';
import { digitCnn } from './digit-cnn';
import { irisMlp } from './iris-mlp';
import { penguinsMlp } from './penguins-mlp';
import { fuelEconomy } from './fuel-economy';
import { digitsDeepCnn } from './digits-deep-cnn';
import { xorMlp } from './xor-mlp';
import { circlesMlp } from './circles-mlp';
import { spiralsMlp } from './spirals-mlp';
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
  // Quick, classic ones first; digit-cnn stays first: it is the default.
  {
    id: 'digit-cnn',
    document: digitCnn,
    result: { metric: 'val_accuracy', atLeast: 0.95, words: 'About 96% validation accuracy in 6 epochs (guessing one digit: 10%)' },
  },
  {
    id: 'iris-mlp',
    document: irisMlp,
    result: { metric: 'val_accuracy', atLeast: 0.93, words: 'At least 93% validation accuracy (always guessing the commonest species: about 53% of the held-out flowers)' },
  },
  {
    id: 'penguins-mlp',
    document: penguinsMlp,
    result: { metric: 'val_accuracy', atLeast: 0.97, words: 'At least 97% validation accuracy (always guessing the commonest species: about 46%)' },
  },
  {
    id: 'fuel-economy',
    document: fuelEconomy,
    result: { metric: 'val_mae', atMost: 2, words: 'Off by at most 2 mpg on average on validation cars (always guessing the average: about 5.8 mpg)' },
  },
  {
    id: 'xor-mlp',
    document: xorMlp,
    result: { metric: 'val_accuracy', atLeast: 0.95, words: 'At least 95% validation accuracy (always guessing one class: 50%)' },
  },
  {
    id: 'circles-mlp',
    document: circlesMlp,
    result: { metric: 'val_accuracy', atLeast: 0.95, words: 'At least 95% validation accuracy (always guessing one class: 50%)' },
  },
  {
    id: 'spirals-mlp',
    document: spiralsMlp,
    result: { metric: 'val_accuracy', atLeast: 0.95, words: 'At least 95% validation accuracy (always guessing one class: 50%)' },
  },
  {
    id: 'spam-lstm',
    document: spamLstm,
    result: { metric: 'val_accuracy', atLeast: 0.9, words: 'At least 90% validation accuracy (always guessing the commoner class: 50%)' },
  },
  {
    id: 'spam-transformer',
    document: spamTransformer,
    result: { metric: 'val_accuracy', atLeast: 0.9, words: 'At least 90% validation accuracy (always guessing the commoner class: 50%)' },
  },
  {
    id: 'weather-forecast',
    document: weatherForecast,
    result: {
      metric: 'val_mae',
      atMost: 2.97,
      words: "Validation MAE at most 2.97 °C two days ahead, at least 10% below repeating the window's last temperature (3.30 °C on the same days)",
    },
  },
  {
    id: 'signal-classifier',
    document: signalClassifier,
    result: { metric: 'val_accuracy', atLeast: 0.95, words: 'At least 95% validation accuracy (guessing one shape: 25%)' },
  },
  {
    id: 'recommender',
    document: recommender,
    result: { metric: 'val_rmse', atMost: 0.55, words: 'Validation RMSE at most 0.55, under 0.7x always predicting the average rating (0.86 on the same ratings)' },
  },
  {
    id: 'digits-deep-cnn',
    document: digitsDeepCnn,
    result: { metric: 'val_accuracy', atLeast: 0.98, words: 'At least 98% validation accuracy (the quick digit CNN: about 96%; guessing one digit: 10%)' },
  },
];

/** What a new user sees first, and what "New" falls back to. */
export const defaultTemplate = templates[0];
