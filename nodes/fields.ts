import { z } from 'zod';
import type { AnyNodeDefinition } from './define-node';

/**
 * One settings field of a node, read off its zod schema through the JSON Schema (input side, so
 * fields with defaults are optional). The inspector builds its form from these facts and compile
 * words its messages from them, so the form and the messages never disagree on a label or a range.
 */
export interface FieldSpec {
  name: string;
  label: string;
  type: 'number' | 'integer' | 'enum' | 'boolean' | 'text';
  options?: string[];
  /** Words shown for enum options (declared with `.meta({ optionLabels })`); the stored value stays the option. */
  optionLabels?: Record<string, string>;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  defaultValue?: unknown;
  description?: string;
  /** No default: leaving it empty is a real choice (e.g. "use all samples"). */
  optional: boolean;
  /** Empty means compile picks a value from the pipeline around the node (`.meta({ auto: true })`). */
  auto: boolean;
  /**
   * Only matters while other fields hold one of these values (`.meta({ shownWhen: { schedule: ['cosine'] } })`):
   * the form hides it otherwise, so a long form shows what the choices made use.
   */
  shownWhen?: Record<string, unknown[]>;
  /** Set by a panel of its own, not the generic form (`.meta({ hidden: true })`): a CSV node's columns. */
  hidden?: boolean;
}

interface JsonSchemaProperty {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
  description?: string;
  optionLabels?: Record<string, string>;
  auto?: boolean;
  shownWhen?: Record<string, unknown[]>;
  hidden?: boolean;
}

const fieldCache = new WeakMap<AnyNodeDefinition, FieldSpec[]>();

export function fieldsOf(def: AnyNodeDefinition): FieldSpec[] {
  const cached = fieldCache.get(def);
  if (cached) return cached;
  const fields = schemaFields(def.params);
  fieldCache.set(def, fields);
  return fields;
}

/** The fields of any object schema, read as a node's are: the command line words its flags' ranges from them too. */
export function schemaFields(params: z.ZodType): FieldSpec[] {
  const schema = z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]): FieldSpec => {
    const type: FieldSpec['type'] = p.enum
      ? 'enum'
      : p.type === 'integer'
        ? 'integer'
        : p.type === 'number'
          ? 'number'
          : p.type === 'boolean'
            ? 'boolean'
            : 'text';
    return {
      name,
      label: humanize(name),
      type,
      options: p.enum?.map(String),
      optionLabels: p.optionLabels,
      min: p.minimum ?? p.exclusiveMinimum,
      max: p.maximum,
      exclusiveMin: p.exclusiveMinimum !== undefined,
      defaultValue: p.default,
      description: p.description,
      optional: p.default === undefined && !required.has(name),
      auto: p.auto === true,
      ...(p.shownWhen && { shownWhen: p.shownWhen }),
      ...(p.hidden && { hidden: true }),
    };
  });
}

/** Whether `field` matters with these params: every field its `shownWhen` names holds one of the listed values (or its default does). */
export function fieldShown(field: FieldSpec, fields: readonly FieldSpec[], params: Record<string, unknown>): boolean {
  return Object.entries(field.shownWhen ?? {}).every(([name, values]) => {
    const value = params[name] ?? fields.find((f) => f.name === name)?.defaultValue;
    return values.includes(value);
  });
}

/** The field named `name` of `def`, or undefined when the schema has no such field. */
export function fieldOf(def: AnyNodeDefinition, name: string): FieldSpec | undefined {
  return fieldsOf(def).find((f) => f.name === name);
}

/** "kernelSize" -> "Kernel size": how a field is named to people, in the form and in messages. */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function optionLabel(field: FieldSpec, option: string): string {
  return field.optionLabels?.[option] ?? option;
}

const formatNumber = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** What a field holds until someone changes it: its default, "auto" where compile picks it, "empty" where empty is a choice. */
export function defaultLabel(field: FieldSpec): string {
  const value = field.defaultValue;
  if (value === undefined) return field.auto ? 'auto' : 'empty';
  if (field.type === 'enum') return optionLabel(field, String(value));
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

/** What a field accepts, as the end of a sentence: "a whole number from 1 to 512". */
export function allowedValues(field: FieldSpec): string {
  switch (field.type) {
    case 'enum': {
      const options = (field.options ?? []).map((o) => optionLabel(field, o));
      return options.length > 1 ? `one of ${options.slice(0, -1).join(', ')} or ${options.at(-1)}` : `${options[0] ?? 'an option from the list'}`;
    }
    case 'boolean':
      return 'on or off';
    case 'text':
      return 'text';
    default: {
      const kind = field.type === 'integer' ? 'a whole number' : 'a number';
      const { min, max, exclusiveMin } = field;
      if (min !== undefined && max !== undefined) {
        return exclusiveMin ? `${kind} above ${formatNumber(min)}, up to ${formatNumber(max)}` : `${kind} from ${formatNumber(min)} to ${formatNumber(max)}`;
      }
      if (min !== undefined) return exclusiveMin ? `${kind} above ${formatNumber(min)}` : `${kind} of at least ${formatNumber(min)}`;
      if (max !== undefined) return `${kind} up to ${formatNumber(max)}`;
      return kind;
    }
  }
}

/**
 * Why a field's value was rejected, in words for a product manager: the field's label, what it
 * accepts and what it got ("Filters must be a whole number from 1 to 512, not 600."). The
 * validator's own phrasing ("expected int, received number") never reaches the user: whatever
 * the check that failed, the fix is the same, a value in the allowed range.
 */
export function fieldProblem(field: FieldSpec, value: unknown): string {
  const got =
    typeof value === 'number' && Number.isFinite(value)
      ? `, not ${formatNumber(value)}`
      : typeof value === 'string'
        ? value.trim() === ''
          ? ''
          : `, not "${field.type === 'enum' ? value : value.slice(0, 40)}"`
        : '';
  return `${field.label} must be ${allowedValues(field)}${got}.`;
}
