'use client';

import { Highlight } from 'prism-react-renderer';
import type { ExportFile } from '@/lib/export/project';
import { codeTheme } from './code-theme';

/**
 * One file, highlighted, read-only, with line numbers. The numbers sit in their own column, out
 * of the code element, so that selecting the code (by hand, or for a blocked Copy) takes none.
 */
export function CodeView({ file, codeRef, id }: { file: ExportFile; codeRef: React.RefObject<HTMLElement | null>; id: string }) {
  // The last newline ends the last line; shown, it would number an empty one.
  const code = file.text.replace(/\n$/, '');
  return (
    <Highlight code={code} language={file.language} theme={codeTheme}>
      {({ tokens, getLineProps, getTokenProps }) => (
        <div
          id={id}
          role="tabpanel"
          aria-label={`${file.path} (read-only)`}
          data-testid="export-code"
          data-path={file.path}
          // Focusable, so the keyboard can scroll a long file.
          tabIndex={0}
          className="min-h-0 flex-1 overflow-auto bg-zinc-950 font-mono text-zinc-300 text-[12.5px] leading-5 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500"
        >
          <div className="flex min-h-full min-w-max">
            <div aria-hidden="true" className="sticky left-0 shrink-0 border-r border-zinc-800/70 bg-zinc-950 py-3 pr-3 pl-4 text-right text-zinc-600 select-none">
              {tokens.map((_, i) => (
                <div key={i} className="h-5">
                  {i + 1}
                </div>
              ))}
            </div>
            <pre className="py-3 pr-6 pl-4">
              <code ref={codeRef}>
                {tokens.map((line, i) => (
                  <div key={i} {...getLineProps({ line, className: 'h-5' })}>
                    {line.map((token, k) => (
                      <span key={k} {...getTokenProps({ token })} />
                    ))}
                  </div>
                ))}
              </code>
            </pre>
          </div>
        </div>
      )}
    </Highlight>
  );
}
