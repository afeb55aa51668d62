'use client';

import { useState } from 'react';
import { CodeIcon } from '@/components/ui/icons';
import { ExportPanel } from './export-panel';

/** The Export button in the top bar and the panel it opens. */
export function ExportButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      {/* Icon only on narrow windows: the name field needs the room more than the word. Styled as
          Templates is: Share stays the top bar's one primary action. */}
      <button
        type="button"
        data-testid="export-button"
        aria-haspopup="dialog"
        aria-label="Export"
        title="Export as TypeScript code"
        onClick={() => setOpen(true)}
        className="flex h-8 items-center gap-1.5 rounded-lg border border-zinc-700 bg-zinc-900 px-2.5 text-[12.5px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-300 xl:px-3"
      >
        <CodeIcon width={14} height={14} />
        <span className="hidden xl:inline">Export</span>
      </button>
      {open && <ExportPanel onClose={() => setOpen(false)} />}
    </>
  );
}
