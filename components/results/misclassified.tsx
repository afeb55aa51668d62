'use client';

import type { ClassificationResults } from '@/lib/results/types';
import { formatCount } from '@/components/ui/theme';
import { ExampleInputView } from './example-input';

/**
 * The mistakes the model was surest of, as the rows looked: a model confidently wrong on a blurry
 * digit or a mislabelled row tells a person more than any score.
 */
export function Misclassified({ detail }: { detail: ClassificationResults }) {
  const { misclassified, confusion } = detail;
  const mistakes = confusion.reduce((sum, row, t) => sum + row.reduce((s, count, p) => s + (p === t ? 0 : count), 0), 0);
  const images = misclassified[0]?.input.kind === 'image';
  return (
    <section data-testid="misclassified" aria-labelledby="misclassified-heading" className="space-y-2">
      <h3 id="misclassified-heading" className="text-[13px] font-semibold text-zinc-100">
        Mistakes the model was surest of
        <span className="ml-2 text-[12px] font-normal text-zinc-500">
          {mistakes === 0
            ? 'none: every row was predicted right'
            : misclassified.length < mistakes
              ? `${misclassified.length} of ${formatCount(mistakes)} wrong rows`
              : `all ${formatCount(mistakes)} wrong row${mistakes === 1 ? '' : 's'}`}
        </span>
      </h3>
      {misclassified.length > 0 && (
        <ul className={`grid gap-2 ${images ? 'grid-cols-[repeat(auto-fill,minmax(8.5rem,1fr))]' : 'grid-cols-[repeat(auto-fill,minmax(14rem,1fr))]'}`}>
          {misclassified.map((m) => {
            const label = `Row ${m.row + 1}: truly ${m.truth}, predicted ${m.predicted} with ${Math.round(m.confidence * 100)}% confidence`;
            return (
              <li key={m.row} data-testid="misclassified-example" className="flex flex-col gap-1.5 rounded-lg border border-zinc-800 bg-zinc-900/60 p-2">
                <div className="min-h-0 flex-1">
                  <ExampleInputView input={m.input} label={label} />
                </div>
                <p className="flex items-baseline gap-1 text-[12px] leading-tight" title={label}>
                  <span className="truncate font-medium text-emerald-300">{m.truth}</span>
                  <span className="text-zinc-500" aria-hidden>
                    →
                  </span>
                  <span className="truncate font-medium text-rose-300">{m.predicted}</span>
                  <span className="ml-auto shrink-0 text-zinc-400 tabular-nums">{Math.round(m.confidence * 100)}%</span>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
