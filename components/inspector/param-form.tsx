'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { AnyNodeDefinition, AutoValue } from '@/nodes/define-node';
import { fieldShown, fieldsOf, optionLabel, type FieldSpec } from '@/nodes/fields';
import type { Issue } from '@/lib/compile/compile';
import { usePipeline } from '@/lib/store/pipeline';
import { columnNames, type ColumnInfo } from '@/lib/data/table';

const numeric = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Text as typed becomes a number when it is one; anything else is kept as typed for compile to flag. */
function parseNumberText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return numeric.test(trimmed) ? Number(trimmed) : text;
}

export function ParamForm({ nodeId, def, params, issues, auto, columns }: {
  nodeId: string;
  def: AnyNodeDefinition;
  params: Record<string, unknown>;
  issues: Issue[];
  /** Values compile picked for auto fields left empty. */
  auto?: Record<string, AutoValue>;
  /** The columns of the table this node reads, when it reads one and compile knows them. */
  columns?: ColumnInfo[];
}) {
  const fields = fieldsOf(def).filter((field) => !field.hidden);
  if (fields.length === 0) {
    return <p className="text-[12.5px] text-zinc-500">This node has no settings.</p>;
  }
  return (
    <div className="space-y-3.5">
      {fields.map((field) => {
        const errors = issues.filter((i) => i.code === 'E_PARAM' && i.field === field.name);
        // A field the other choices make irrelevant is hidden, unless it holds a value to fix.
        if (errors.length === 0 && !fieldShown(field, fields, params)) return null;
        const naming = columns && columnField(field);
        return (
          <Field key={`${nodeId}:${field.name}`} nodeId={nodeId} field={field} value={params[field.name]} auto={auto?.[field.name]} errors={errors}>
            {naming && <ColumnChips nodeId={nodeId} field={field} value={params[field.name]} auto={auto?.[field.name]} columns={columns} many={naming === 'many'} />}
          </Field>
        );
      })}
    </div>
  );
}

function Field({ nodeId, field, value, auto, errors, children }: {
  nodeId: string;
  field: FieldSpec;
  value: unknown;
  auto?: AutoValue;
  errors: Issue[];
  /** Shown under the control: the table's columns, for a field that names them. */
  children?: React.ReactNode;
}) {
  const id = useId();
  const invalid = errors.length > 0;
  const range = rangeHint(field);
  return (
    <div>
      <div className="mb-1 flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="shrink-0 text-[12.5px] font-medium text-zinc-200">
          {field.label}
        </label>
        <span className="truncate text-[10.5px] text-zinc-500">
          {[range, field.auto ? 'empty = auto' : field.optional ? 'optional' : undefined].filter(Boolean).join(' · ')}
        </span>
      </div>
      {field.type === 'enum' ? (
        <EnumInput id={id} nodeId={nodeId} field={field} value={value} invalid={invalid} />
      ) : field.type === 'boolean' ? (
        <BooleanInput id={id} nodeId={nodeId} field={field} value={value} />
      ) : (
        <TextInput id={id} nodeId={nodeId} field={field} value={value} invalid={invalid} auto={auto} />
      )}
      {children}
      {field.description && <p className="mt-1 text-[11.5px] leading-4 text-zinc-500">{field.description}</p>}
      {invalid && (
        <p data-testid={`param-error-${field.name}`} role="alert" className="mt-1 text-[11.5px] leading-4 text-red-300">
          {errors.map((e) => e.message).join(' ')}
        </p>
      )}
    </div>
  );
}

function rangeHint(field: FieldSpec): string | undefined {
  if (field.type !== 'number' && field.type !== 'integer') return undefined;
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });
  const whole = field.type === 'integer' ? 'whole number · ' : '';
  if (field.min !== undefined && field.max !== undefined) {
    return `${whole}${field.exclusiveMin ? '> ' : ''}${fmt(field.min)}${field.exclusiveMin ? ', ≤ ' : '–'}${fmt(field.max)}`;
  }
  if (field.min !== undefined) return `${whole}${field.exclusiveMin ? '>' : '≥'} ${fmt(field.min)}`;
  return field.type === 'integer' ? 'whole number' : 'number';
}

const inputClass =
  'h-8 w-full rounded-lg border bg-zinc-900 px-2.5 text-[13px] text-zinc-100 placeholder:text-zinc-600 focus:outline-none';

/** What every generated control gets: where its value lives, its schema, and whether compile rejects it. */
interface ControlProps {
  id: string;
  nodeId: string;
  field: FieldSpec;
  value: unknown;
  invalid: boolean;
}

function TextInput({ id, nodeId, field, value, invalid, auto }: ControlProps & { auto?: AutoValue }) {
  const updateParams = usePipeline((s) => s.updateParams);
  const breakCoalescing = usePipeline((s) => s.breakCoalescing);
  const numberLike = field.type === 'number' || field.type === 'integer';
  // An empty field shows the default it stands for; an auto field stays empty (typing overrides,
  // clearing returns to auto) and its placeholder shows the value picked.
  const show = (v: unknown) => (v === undefined ? (field.defaultValue === undefined ? '' : String(field.defaultValue)) : String(v));
  const [text, setText] = useState(() => show(value));
  // What this field last wrote: a different value in the store came from elsewhere (undo, a Fix button).
  const written = useRef(value);
  useEffect(() => {
    if (!Object.is(value, written.current)) {
      written.current = value;
      setText(show(value));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const empty = text.trim() === '';
  // What an empty field stands for, so the value the run will use is never hidden.
  const note = !empty
    ? undefined
    : field.auto
      ? auto
        ? `Auto: ${auto.value} — ${auto.reason}.`
        : "Auto: picked for the data once this node's other settings are valid."
      : field.defaultValue !== undefined
        ? `Empty: uses the default, ${String(field.defaultValue)}.`
        : undefined;
  return (
    <>
      <input
        id={id}
        data-testid={`param-${field.name}`}
        type="text"
        inputMode={numberLike ? (field.type === 'integer' ? 'numeric' : 'decimal') : 'text'}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={invalid || undefined}
        value={text}
        placeholder={
          field.auto ? (auto ? `Auto (${auto.value})` : 'Auto') : field.optional ? 'Empty' : field.defaultValue !== undefined ? String(field.defaultValue) : ''
        }
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const parsed = numberLike ? parseNumberText(next) : next === '' ? undefined : next;
          written.current = parsed;
          updateParams(nodeId, { [field.name]: parsed }, { coalesce: `param:${nodeId}:${field.name}` });
        }}
        onBlur={() => {
          breakCoalescing();
          if (empty) setText(show(value));
        }}
        className={`${inputClass} font-mono tabular-nums ${
          invalid ? 'border-red-500/80 focus:border-red-400' : 'border-zinc-700 focus:border-indigo-500'
        }`}
      />
      {note && (
        <p data-testid={`param-note-${field.name}`} className="mt-1 text-[11.5px] leading-4 text-zinc-400">
          {note}
        </p>
      )}
    </>
  );
}

function EnumInput({ id, nodeId, field, value, invalid }: ControlProps) {
  const updateParams = usePipeline((s) => s.updateParams);
  const current = value === undefined ? String(field.defaultValue ?? '') : String(value);
  const options = field.options ?? [];
  return (
    <select
      id={id}
      data-testid={`param-${field.name}`}
      value={current}
      aria-invalid={invalid || undefined}
      onChange={(e) => updateParams(nodeId, { [field.name]: e.target.value === '' ? undefined : e.target.value })}
      className={`${inputClass} ${invalid ? 'border-red-500/80' : 'border-zinc-700 focus:border-indigo-500'}`}
    >
      {field.optional && <option value="">—</option>}
      {!options.includes(current) && current !== '' && <option value={current}>{current} (not valid)</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {optionLabel(field, o)}
        </option>
      ))}
    </select>
  );
}

function BooleanInput({ id, nodeId, field, value }: Omit<ControlProps, 'invalid'>) {
  const updateParams = usePipeline((s) => s.updateParams);
  const checked = value === undefined ? field.defaultValue === true : value === true;
  return (
    <label className="flex h-8 cursor-pointer items-center gap-2 text-[13px] text-zinc-300">
      <input
        id={id}
        data-testid={`param-${field.name}`}
        type="checkbox"
        checked={checked}
        onChange={(e) => updateParams(nodeId, { [field.name]: e.target.checked })}
        className="h-4 w-4 accent-indigo-500"
      />
      {checked ? 'On' : 'Off'}
    </label>
  );
}

/**
 * Whether a text field names columns of the table the node reads: `columns` holds a
 * comma-separated list (Select columns, the cleaning steps), `column`, `stratifyBy` and a time
 * window's `target` one name. Null for any other field.
 */
function columnField(field: FieldSpec): 'one' | 'many' | null {
  if (field.type !== 'text') return null;
  if (field.name === 'columns') return 'many';
  return field.name === 'column' || field.name === 'stratifyBy' || field.name === 'target' ? 'one' : null;
}

/**
 * The incoming table's columns as chips under a field that names them, so nobody has to type (or
 * misspell) a name: a click adds the name or takes it out. The text field stays what is stored;
 * an empty (auto) field starts from the names compile picked, so taking one out keeps the others.
 */
function ColumnChips({ nodeId, field, value, auto, columns, many }: {
  nodeId: string;
  field: FieldSpec;
  value: unknown;
  auto?: AutoValue;
  columns: ColumnInfo[];
  many: boolean;
}) {
  const updateParams = usePipeline((s) => s.updateParams);
  const stored = typeof value === 'string' && value.trim() !== '' ? value : undefined;
  const chosen = columnNames(stored ?? (auto ? String(auto.value) : undefined));
  const toggle = (name: string) => {
    const next = chosen.includes(name) ? chosen.filter((c) => c !== name) : many ? [...chosen, name] : [name];
    // Nothing chosen is an empty field: auto again.
    updateParams(nodeId, { [field.name]: next.length > 0 ? next.join(', ') : undefined });
  };
  return (
    <div role="group" aria-label={`Columns for ${field.label}`} data-testid={`column-chips-${field.name}`} className="mt-1.5 flex flex-wrap gap-1">
      {columns.map((c) => {
        const on = chosen.includes(c.name);
        return (
          <button
            key={c.name}
            type="button"
            data-testid={`column-chip-${field.name}-${c.name}`}
            aria-pressed={on}
            title={`${c.name}: a ${c.type} column. ${on ? 'Click to take it out' : many ? 'Click to add it' : 'Click to use it'}${stored ? '' : ' (the field is on auto)'}.`}
            onClick={() => toggle(c.name)}
            className={`inline-flex h-6 max-w-full items-center gap-1 truncate rounded-md border px-1.5 font-mono text-[11px] ${
              on
                ? stored
                  ? 'border-indigo-400/60 bg-indigo-500/20 text-indigo-100'
                  : 'border-indigo-400/30 bg-indigo-500/10 text-indigo-200/80'
                : 'border-zinc-700 bg-zinc-900 text-zinc-400 hover:border-zinc-500 hover:text-zinc-200'
            }`}
          >
            {c.name}
            <span className="text-[9.5px] text-zinc-500">{c.type}</span>
          </button>
        );
      })}
    </div>
  );
}
