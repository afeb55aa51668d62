'use client';

import { keyName, shortcutGroups, useIsMac, type Keys } from '@/components/ui/keyboard';
import { CloseButton, Modal } from '@/components/ui/modal';

/** Every keyboard shortcut of the app, opened with "?" or the top bar's "?" button. */
export function HelpSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const mac = useIsMac();
  if (!open) return null;

  return (
    <Modal
      open={open}
      onClose={onClose}
      labelledBy="help-title"
      testId="help-sheet"
      className="flex max-h-full max-w-[560px] flex-col"
    >
      <div className="flex items-start justify-between px-5 pt-4">
        <div>
          <h2 id="help-title" className="text-[16px] font-semibold tracking-tight text-zinc-50">
            Keyboard shortcuts
          </h2>
          <p className="mt-0.5 text-[12.5px] text-zinc-400">Shortcuts wait while you type in a field, except {keyName('Mod', mac)}+Enter.</p>
        </div>
        <CloseButton testId="help-close" onClick={onClose} />
      </div>
      <div tabIndex={0} aria-label="Shortcuts" className="min-h-0 overflow-y-auto rounded-b-2xl px-5 pt-2 pb-4 focus-visible:ring-2 focus-visible:ring-indigo-500/60 focus-visible:outline-none">
        {shortcutGroups.map((group) => (
          <section key={group.title} className="mt-3">
            <h3 className="text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">{group.title}</h3>
            <dl className="mt-1 divide-y divide-zinc-800/70">
              {group.items.map((item) => (
                <div key={item.does} data-testid="shortcut" className="flex items-center justify-between gap-4 py-1.5">
                  <dt className="text-[13px] text-zinc-300">{item.does}</dt>
                  <dd className="flex shrink-0 items-center gap-1.5 text-[11px] text-zinc-500">
                    {item.keys.map((combo, i) => (
                      <span key={i} className="flex items-center gap-1.5">
                        {i > 0 && 'or'}
                        <Combo combo={combo} mac={mac} />
                      </span>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}

function Combo({ combo, mac }: { combo: Keys; mac: boolean }) {
  return (
    <span className="flex items-center gap-0.5">
      {combo.map((key) => (
        <kbd
          key={key}
          className="min-w-[22px] rounded-md border border-zinc-700 bg-zinc-900 px-1.5 py-0.5 text-center font-mono text-[11px] text-zinc-200"
        >
          {keyName(key, mac)}
        </kbd>
      ))}
    </span>
  );
}
