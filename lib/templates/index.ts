import type { PipelineDocument } from '@/lib/document/document';
import { digitCnn } from './digit-cnn';
import { irisMlp } from './iris-mlp';

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
];

/** What a new user sees first, and what "New" falls back to. */
export const defaultTemplate = templates[0];
