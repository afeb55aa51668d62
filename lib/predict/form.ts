import type { ColumnInfo } from '../data/table';
import type { ExampleInput } from '../results/types';
import type { Preprocessing } from '../runs/model';
import { modelInputs, sourceColumns, targetColumn } from './model-inputs';

/**
 * What the playground asks for, from the pipeline alone: a drawing for a model that reads an
 * image, a text box for one that reads a text, else a form with one field per column the model
 * reads. Pure: the playground renders it, the tests check it without a page.
 */

export type FormField =
  /** `range`: the smallest and largest value of the training rows, when the run kept them. */
  | { kind: 'number'; name: string; description?: string; range?: [number, number] }
  | { kind: 'category'; name: string; categories: string[]; description?: string }
  | { kind: 'text'; name: string; description?: string };

export type PlaygroundInput =
  /** Draw: the image column's [height, width, channels]. */
  | { mode: 'draw'; column: string; shape: [number, number, number] }
  | { mode: 'text'; column: string; description?: string }
  | { mode: 'form'; fields: FormField[] }
  | { mode: 'none'; problem: string };

export function playgroundInput(preprocessing: Preprocessing, names: Record<string, string> = {}): PlaygroundInput {
  const read = readColumns(preprocessing, names);
  if ('problem' in read) return { mode: 'none', problem: read.problem };
  const image = read.find((c) => c.type === 'image');
  if (image) {
    const [height, width, channels] = image.shape ?? [];
    return { mode: 'draw', column: image.name, shape: [height, width, channels] };
  }
  const text = read.find((c) => c.type === 'text');
  if (text && read.length === 1) return { mode: 'text', column: text.name, ...(text.description && { description: text.description }) };
  const fields = read.flatMap((c): FormField[] => {
    const about = c.description ? { description: c.description } : {};
    const range = preprocessing.ranges?.[c.name];
    if (c.type === 'number') return [{ kind: 'number', name: c.name, ...about, ...(range && { range }) }];
    if (c.type === 'category') return [{ kind: 'category', name: c.name, categories: c.categories ?? [], ...about }];
    if (c.type === 'text') return [{ kind: 'text', name: c.name, ...about }];
    return [];
  });
  if (fields.length === 0) return { mode: 'none', problem: 'This model reads a series (a waveform), which the playground cannot draw or type yet.' };
  return { mode: 'form', fields };
}

/**
 * The dataset's columns whose value changes what the model reads, in the dataset's order: each
 * column is set to two values with every other one fixed, and goes through the fitted steps. So
 * a column the pipeline drops, or reads only to remove rows, gets no field, whichever steps and
 * names the pipeline uses; and the target never does.
 */
function readColumns(preprocessing: Preprocessing, names: Record<string, string>): ColumnInfo[] | { problem: string } {
  const target = targetColumn(preprocessing);
  const columns = sourceColumns(preprocessing.spec.data.dataset).filter((c) => c.name !== target);
  const base = modelInputs(preprocessing, { kind: 'row', cells: [] }, names);
  if (!base.ok) return { problem: base.problem };
  const key = (values: ReturnType<typeof modelInputs>) => (values.ok ? values.inputs.map((x) => Array.from(x.values).join(',')).join('|') : values.problem);
  const baseKey = key(base);
  return columns.filter((c) => {
    const probe = probeInput(c);
    return probe !== undefined && key(modelInputs(preprocessing, probe, names)) !== baseKey;
  });
}

/** The column set to a value other than the placeholder modelInputs puts there (a full-intensity image for black). */
function probeInput(c: ColumnInfo): ExampleInput | undefined {
  const row = (value: string | number): ExampleInput => ({ kind: 'row', cells: [{ name: c.name, value }] });
  switch (c.type) {
    case 'number':
      return row(1);
    case 'category':
      return c.categories?.[1] === undefined ? undefined : row(c.categories[1]);
    case 'text':
      return row('word');
    case 'image': {
      const [height, width, channels] = c.shape ?? [];
      return { kind: 'image', height, width, channels: channels === 3 ? 3 : 1, pixels: new Uint8Array(height * width * channels).fill(255) };
    }
    case 'series':
      return undefined;
  }
}

/** The form's starting values, as typed: numbers blank (no value is typical of every column), the first category. */
export function formDefaults(fields: FormField[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.kind === 'category' ? (f.categories[0] ?? '') : '']));
}

/** The form's values as the model's input, or what to fix, in words. */
export function formInput(
  fields: FormField[],
  values: Record<string, string>,
): { ok: true; input: ExampleInput } | { ok: false; problem: string; /** The field to fix. */ field: string } {
  const cells: { name: string; value: string | number }[] = [];
  for (const field of fields) {
    const typed = (values[field.name] ?? '').trim();
    if (field.kind === 'number') {
      if (typed === '') return { ok: false, problem: `Fill in ${field.name}: the model needs a number for it.`, field: field.name };
      const value = Number(typed);
      if (!Number.isFinite(value)) return { ok: false, problem: `${field.name} must be a number, such as 4.5, not "${typed}".`, field: field.name };
      cells.push({ name: field.name, value });
    } else if (field.kind === 'category') {
      if (!field.categories.includes(typed)) return { ok: false, problem: `Pick ${field.name}: one of ${field.categories.join(', ')}.`, field: field.name };
      cells.push({ name: field.name, value: typed });
    } else {
      cells.push({ name: field.name, value: values[field.name] ?? '' });
    }
  }
  return { ok: true, input: { kind: 'row', cells } };
}

/** A number as a person reads it in a range: at most four significant digits, no trailing zeros. */
function readable(value: number): string {
  return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** The training rows' range of a number field, in words ("4.3 to 7.9"); undefined without one. */
export function rangeText(field: FormField): string | undefined {
  if (field.kind !== 'number' || !field.range) return undefined;
  return `${readable(field.range[0])} to ${readable(field.range[1])}`;
}

/**
 * A note when a typed number lies beyond what the model was trained on: a network's answer there
 * is an extrapolation, often confidently wrong, and a person trying values should know. Undefined
 * when the value is within the range, not a number yet, or the run kept no range.
 */
export function beyondRange(field: FormField, typed: string): string | undefined {
  if (field.kind !== 'number' || !field.range || typed.trim() === '') return undefined;
  const value = Number(typed.trim());
  const [low, high] = field.range;
  if (!Number.isFinite(value) || (value >= low && value <= high)) return undefined;
  return `Beyond the training data (${rangeText(field)}): the prediction is a guess.`;
}
