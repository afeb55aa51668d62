'use client';

import type { ClassificationResults } from '@/lib/results/types';
import { formatCount, formatPercent } from '@/components/ui/theme';

const right = '52, 211, 153';
const wrong = '251, 113, 133';

/**
 * The confusion matrix as a heat map: a row per true class, a column per predicted class, each
 * cell's count on a colour as strong as that count's share of its row, so a small class's mistakes
 * show as clearly as a large one's. The diagonal (right answers) is green, the rest red.
 */
export function ConfusionMatrix({ detail }: { detail: ClassificationResults }) {
  const { classNames, confusion } = detail;
  const n = classNames.length;
  // Big cells for two classes, 40 px or more up to 12 classes; beyond that the matrix scrolls.
  // Rows are flatter than columns are wide: ten classes fit the drawer without scrolling.
  const cell = Math.round(Math.max(40, Math.min(84, 480 / n)));
  const height = n <= 3 ? 60 : Math.round(Math.max(28, Math.min(44, 400 / n)));
  const rowTotals = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const nameWidth = Math.min(160, Math.max(48, ...classNames.map((name) => name.length * 7 + 12)));
  return (
    <figure className="min-w-0 space-y-2">
      <figcaption className="max-w-xl text-[12px] leading-[1.45] text-zinc-400">
        Each <strong className="font-semibold text-zinc-200">row is the true class</strong>, each column what the model predicted; the diagonal is
        right. A cell&apos;s colour is its share of the row.
      </figcaption>
      <div className="overflow-x-auto pb-1">
        <table data-testid="confusion-matrix" className="border-separate border-spacing-[3px] text-[12px]">
          <caption className="sr-only">Rows: true class. Columns: predicted class. Cells: rows counted.</caption>
          <thead>
            <tr>
              <td />
              <th scope="colgroup" colSpan={n} className="pb-0.5 text-left text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
                Predicted →
              </th>
            </tr>
            <tr>
              <th scope="col" className="pr-1 text-right align-bottom text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
                True ↓
              </th>
              {classNames.map((name, c) => (
                <th key={c} scope="col" title={name} className="truncate px-0.5 pb-0.5 text-center font-medium text-zinc-300" style={{ maxWidth: cell, width: cell }}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, t) => (
              <tr key={t}>
                <th scope="row" title={classNames[t]} className="truncate pr-2 text-right font-medium text-zinc-300" style={{ maxWidth: nameWidth }}>
                  {classNames[t]}
                </th>
                {row.map((count, p) => {
                  const share = rowTotals[t] === 0 ? 0 : count / rowTotals[t];
                  const strong = share > 0.45;
                  return (
                    <td
                      key={p}
                      data-testid="confusion-cell"
                      data-truth={classNames[t]}
                      data-predicted={classNames[p]}
                      title={`${formatCount(count)} ${classNames[t]} row${count === 1 ? '' : 's'} predicted as ${classNames[p]}${rowTotals[t] > 0 ? ` (${formatPercent(share)} of ${classNames[t]})` : ''}`}
                      className={`rounded text-center font-semibold tabular-nums ${count === 0 ? 'text-zinc-600' : strong ? 'text-white' : 'text-zinc-200'}`}
                      style={{
                        width: cell,
                        height,
                        background: count === 0 ? 'rgba(63, 63, 70, 0.25)' : `rgba(${t === p ? right : wrong}, ${0.14 + 0.76 * share})`,
                      }}
                    >
                      {formatCount(count)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
