'use client';

import type { ClassificationResults } from '@/lib/results/types';
import { formatCount, formatPercent } from '@/components/ui/theme';

const columns = [
  { key: 'precision', label: 'Precision', help: 'Of the rows the model called this class, the share that are: low means it cries wolf.' },
  { key: 'recall', label: 'Recall', help: 'Of the rows of this class, the share the model found: low means it misses them.' },
  { key: 'f1', label: 'F1', help: 'Precision and recall in one number (their harmonic mean): high only when both are.' },
] as const;

/** Precision, recall and F1 of every class, with its rows, each score with a bar so weak classes stand out. */
export function PerClassTable({ detail }: { detail: ClassificationResults }) {
  const predicted = detail.classNames.map((_, c) => detail.confusion.reduce((sum, row) => sum + row[c], 0));
  // lib/metrics scores a share of no rows as 0; the table says there was nothing to measure, and why.
  const nothingToMeasure = (c: number, key: (typeof columns)[number]['key']): string | null => {
    const never = predicted[c] === 0;
    const absent = detail.perClass[c].support === 0;
    if (key === 'precision') return never ? 'Never predicted: no prediction to be right or wrong' : null;
    if (key === 'recall') return absent ? 'No rows of this class here to find' : null;
    return never && absent ? 'Neither among these rows nor predicted: nothing to measure' : null;
  };
  return (
    <div className="max-w-3xl min-w-0 space-y-2">
      <p className="text-[12px] leading-[1.45] text-zinc-400">How well each class is recognised.</p>
      <div className="max-h-[26rem] overflow-auto rounded-lg border border-zinc-800">
        <table data-testid="per-class-table" className="w-full text-[12px]">
          <thead className="sticky top-0 bg-zinc-900">
            <tr className="text-[11px] text-zinc-400">
              <th scope="col" className="px-2.5 py-1.5 text-left font-medium">
                Class
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col" title={c.help} className="px-2.5 py-1.5 text-left font-medium">
                  {c.label}
                </th>
              ))}
              <th scope="col" title="Rows of this class among the rows measured" className="px-2.5 py-1.5 text-right font-medium">
                Rows
              </th>
            </tr>
          </thead>
          <tbody>
            {detail.perClass.map((scores, i) => (
              <tr key={i} data-testid="per-class-row" className="border-t border-zinc-800/80">
                <th scope="row" title={scores.name} className="max-w-40 truncate px-2.5 py-1 text-left font-medium text-zinc-200">
                  {scores.name}
                </th>
                {columns.map((c) => {
                  const why = nothingToMeasure(i, c.key);
                  return (
                    <td key={c.key} className="px-2.5 py-1">
                      {why ? (
                        <span title={why} className="block w-12 cursor-help text-right text-zinc-500">
                          –<span className="sr-only">{why}</span>
                        </span>
                      ) : (
                        <Score value={scores[c.key]} />
                      )}
                    </td>
                  );
                })}
                <td className="px-2.5 py-1 text-right text-zinc-400 tabular-nums">{formatCount(scores.support)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-[11.5px] leading-[1.45]">
        {columns.map((c) => (
          <div key={c.key} className="contents">
            <dt className="font-medium text-zinc-300">{c.label}</dt>
            <dd className="text-zinc-500">{c.help}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Score({ value }: { value: number }) {
  const tone = value >= 0.8 ? 'bg-emerald-400' : value >= 0.5 ? 'bg-amber-400' : 'bg-rose-400';
  return (
    <span className="flex items-center gap-2">
      <span className="w-12 text-right text-zinc-100 tabular-nums">{formatPercent(value)}</span>
      <span className="h-1.5 w-14 shrink-0 rounded-full bg-zinc-800" aria-hidden>
        <span className={`block h-1.5 rounded-full ${tone}`} style={{ width: `${Math.round(value * 100)}%` }} />
      </span>
    </span>
  );
}

/** Classes the model never predicted: the plainest sign it has not learned them. */
export function NeverPredicted({ detail }: { detail: ClassificationResults }) {
  if (detail.neverPredicted.length === 0) return null;
  const names = detail.neverPredicted;
  const listed =
    names.length === 1 ? names[0] : names.length <= 5 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
  return (
    <p data-testid="never-predicted" role="note" className="rounded-lg border border-amber-400/25 bg-amber-400/5 px-3 py-2 text-[12px] leading-[1.5] text-amber-100">
      <strong className="font-semibold">
        The model never predicted {names.length === 1 ? 'the class' : 'the classes'} {listed}
      </strong>
      , though {names.length === 1 ? 'it is' : 'they are'} among these rows. Usually too few examples of {names.length === 1 ? 'it' : 'them'} to learn
      from, or training that stopped early: add examples, balance the classes, or train longer.
    </p>
  );
}
