import { RunOverrides } from '@/lib/document/run-overrides';
import { allowedValues, schemaFields } from '@/nodes/fields';

/** The flag of each override, as train and export take them. */
const flags = { epochs: '--epochs', maxSamples: '--max-samples' } as const satisfies Record<keyof RunOverrides, string>;

/** parseArgs options for the overrides (flag names without their dashes). */
export const overrideOptions = {
  epochs: { type: 'string' },
  'max-samples': { type: 'string' },
} as const;

const fields = schemaFields(RunOverrides);
const allowed = (name: keyof RunOverrides) => allowedValues(fields.find((f) => f.name === name)!);

/** The usage lines of the two flags, with the ranges RunOverrides allows. */
export const overrideUsage = `  --epochs N        Train for N epochs instead of the optimizer's setting (${allowed('epochs')}).
  --max-samples N   Use only the first N samples of the dataset (${allowed('maxSamples')}).`;

/**
 * The overrides from the command line, checked by RunOverrides (the same ranges as the canvas),
 * or the problem with a flag in words: "--epochs must be a whole number from 1 to 500, not "0"."
 */
export function readOverrides(values: Readonly<Record<string, unknown>>): { ok: true; overrides: RunOverrides } | { ok: false; problem: string } {
  const overrides: RunOverrides = {};
  for (const name of Object.keys(flags) as (keyof RunOverrides)[]) {
    const text = values[flags[name].slice(2)];
    if (typeof text !== 'string') continue;
    // Only plain digits: Number() would also take "", "0x10" and "1e2".
    const parsed = RunOverrides.shape[name].safeParse(/^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);
    if (!parsed.success || parsed.data === undefined) return { ok: false, problem: `${flags[name]} must be ${allowed(name)}, not "${text}".` };
    overrides[name] = parsed.data;
  }
  return { ok: true, overrides };
}
