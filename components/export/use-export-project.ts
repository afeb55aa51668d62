'use client';

import { useEffect, useState } from 'react';
import type { Issue } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { generateProject, type ExportProject } from '@/lib/export/project';
import { encodeLink } from '@/lib/share/link';

export type Generated =
  | { state: 'ready'; project: ExportProject }
  | { state: 'blocked'; issues: Issue[] }
  | { state: 'failed'; message: string };

export interface ExportGeneration {
  /** The last generation that finished, for whichever document it was made from. */
  last: Generated | null;
  /** True while the code is being written for the document as it is now: `last` (if any) is out of date. */
  pending: boolean;
  retry: () => void;
}

/**
 * Writes the project for `doc`, again whenever the document changes, so the panel never shows
 * code for a pipeline that is no longer on the canvas. A generation overtaken by a newer document
 * is dropped when it finishes.
 */
export function useExportProject(doc: PipelineDocument, enabled: boolean): ExportGeneration {
  const [done, setDone] = useState<{ doc: PipelineDocument; attempt: number; generated: Generated } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    // Inside the promise, so that anything thrown on the way is told as a failure, not a crash.
    Promise.resolve()
      // The page's own address, as the Share panel builds it, so the README's link opens this app.
      .then(() => generateProject(doc, { link: encodeLink(doc, window.location.origin + window.location.pathname) }))
      .then(
        (result) => {
          if (current) setDone({ doc, attempt, generated: result.ok ? { state: 'ready', project: result.project } : { state: 'blocked', issues: result.issues } });
        },
        (error: unknown) => {
          if (current) setDone({ doc, attempt, generated: { state: 'failed', message: error instanceof Error && error.message ? error.message : String(error) } });
        },
      );
    return () => {
      current = false;
    };
  }, [doc, enabled, attempt]);

  return {
    last: done?.generated ?? null,
    pending: enabled && (done?.doc !== doc || done.attempt !== attempt),
    retry: () => setAttempt((a) => a + 1),
  };
}
