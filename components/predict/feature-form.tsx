'use client';

import { useId, useState } from 'react';
import type { ExampleInput } from '@/lib/results/types';
import { beyondRange, formDefaults, formInput, rangeText, type FormField } from '@/lib/predict/form';

const fieldClass =
  'h-8 w-full rounded-md border border-zinc-700 bg-zinc-900 px-2 text-[13px] text-zinc-100 placeholder:text-zinc-600 focus:border-indigo-400 focus:outline-none aria-invalid:border-amber-400';

/**
 * One labelled field per column the model reads; Predict (or Enter in any field) sends the row.
 * A blank or mistyped number is refused in words under the button, naming the field.
 */
export function FeatureForm({ fields, onSubmit }: { fields: FormField[]; onSubmit: (input: ExampleInput) => void }) {
  const [values, setValues] = useState(() => formDefaults(fields));
  const [problem, setProblem] = useState<{ problem: string; field: string } | null>(null);
  const id = useId();
  return (
    <form
      data-testid="predict-form"
      aria-label="Feature values"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const checked = formInput(fields, values);
        setProblem(checked.ok ? null : checked);
        // The field to fix gets the focus, so typing goes straight there.
        if (!checked.ok) document.getElementById(`${id}-${checked.field}`)?.focus();
        else onSubmit(checked.input);
      }}
      className="space-y-3"
    >
      <div className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-x-3 gap-y-2.5">
        {fields.map((field) => {
          const inputId = `${id}-${field.name}`;
          const invalid = problem?.field === field.name;
          const set = (value: string) => setValues((v) => ({ ...v, [field.name]: value }));
          const beyond = beyondRange(field, values[field.name] ?? '');
          return (
            <div key={field.name} className="min-w-0 space-y-1">
              <label htmlFor={inputId} className="block truncate font-mono text-[12px] text-zinc-300" title={field.description ?? field.name}>
                {field.name}
              </label>
              {field.kind === 'category' ? (
                <select id={inputId} aria-invalid={invalid} value={values[field.name]} onChange={(e) => set(e.target.value)} className={fieldClass}>
                  {field.categories.map((category) => (
                    <option key={category} value={category}>
                      {category}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={inputId}
                  type="text"
                  inputMode={field.kind === 'number' ? 'decimal' : 'text'}
                  autoComplete="off"
                  aria-invalid={invalid}
                  value={values[field.name]}
                  placeholder={field.kind === 'number' ? (rangeText(field) ?? 'a number') : ''}
                  aria-describedby={beyond ? `${inputId}-beyond` : field.description ? `${inputId}-about` : undefined}
                  onChange={(e) => set(e.target.value)}
                  className={`${fieldClass} tabular-nums`}
                />
              )}
              {beyond ? (
                <p id={`${inputId}-beyond`} data-testid={`predict-beyond-${field.name}`} className="text-[11px] leading-[1.35] text-amber-300/90">
                  {beyond}
                </p>
              ) : (
                field.description && (
                  <p id={`${inputId}-about`} className="truncate text-[11px] text-zinc-500" title={field.description}>
                    {field.description}
                  </p>
                )
              )}
            </div>
          );
        })}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          data-testid="predict-button"
          className="inline-flex h-8 items-center rounded-lg bg-indigo-500 px-3.5 text-[13px] font-semibold text-white hover:bg-indigo-400 focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none"
        >
          Predict
        </button>
        {problem && (
          <p role="alert" data-testid="predict-form-problem" className="text-[12.5px] text-amber-300">
            {problem.problem}
          </p>
        )}
      </div>
    </form>
  );
}
