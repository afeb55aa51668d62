'use client';

import type { Issue } from '@/lib/compile/compile';
import { distinctNodeNames } from '@/lib/document/node-name';
import { usePipeline } from '@/lib/store/pipeline';
import { AlertIcon, ErrorIcon } from '@/components/ui/icons';

/**
 * Problems as the inspector lists them: the node's name, what is wrong and what to do. A problem
 * on a node is a button that picks it (`onPick`); one on the whole pipeline is plain text.
 */
export function IssueList({ issues, itemTestId, onPick }: { issues: Issue[]; itemTestId: string; onPick: (nodeId: string) => void }) {
  const nodes = usePipeline((s) => s.doc.nodes);
  const name = distinctNodeNames(nodes);
  return (
    <ul className="-mx-1.5 space-y-0.5">
      {issues.map((issue, i) => (
        <li key={i}>
          <button
            type="button"
            data-testid={itemTestId}
            data-code={issue.code}
            data-node={issue.nodeId}
            disabled={!issue.nodeId}
            onClick={() => issue.nodeId && onPick(issue.nodeId)}
            className="flex w-full gap-2 rounded-md px-1.5 py-1.5 text-left enabled:hover:bg-zinc-800/70"
          >
            {issue.severity === 'error' ? (
              <ErrorIcon className="mt-0.5 shrink-0 text-red-400" width={14} height={14} />
            ) : (
              <AlertIcon className="mt-0.5 shrink-0 text-amber-400" width={14} height={14} />
            )}
            <span className="min-w-0">
              {issue.nodeId && <span className="block text-[11px] font-medium text-zinc-500">{name(issue.nodeId)}</span>}
              <span className="block text-[12.5px] leading-[1.4] text-zinc-200">{issue.message}</span>
              <span className="block text-[11.5px] leading-[1.4] text-zinc-500">{issue.hint}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
