import type { PipelineDocument } from '@/lib/document/document';
import { digitCnn } from './digit-cnn';
import { irisMlp } from './iris-mlp';

export interface Template {
  id: string;
  document: PipelineDocument;
}

export const templates: Template[] = [
  { id: 'digit-cnn', document: digitCnn },
  { id: 'iris-mlp', document: irisMlp },
];

/** What a new user sees first, and what "New" falls back to. */
export const defaultTemplate = templates[0];
