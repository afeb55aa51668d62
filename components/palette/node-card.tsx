'use client';

import { useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { AnyNodeDefinition, PortDefinition } from '@/nodes/define-node';
import { allowedValues, defaultLabel, fieldsOf } from '@/nodes/fields';
import { categories } from '@/nodes';
import { besidePlacement } from '@/lib/layout/popover';
import { categoryColor, portColor } from '@/components/ui/theme';

export const nodeCardId = 'palette-card';

const categoryLabel = new Map(categories.map((c) => [c.id, c.label]));
/** Space kept between the card and the palette, and between the card and the window's edges. */
const gap = 8;

/**
 * What a palette entry's node does, its ports and its parameters (default and range), opened
 * beside the palette so it never covers the entry or its neighbours. Everything is read off the
 * node's definition, as the inspector's form is.
 */
export function NodeCard({ def, anchor }: { def: AnyNodeDefinition; anchor: HTMLElement }) {
  const card = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  // A node with many parameters in a short window: one line per parameter, without its range.
  const [compact, setCompact] = useState(false);

  useLayoutEffect(() => {
    if (!card.current) return;
    if (!compact && card.current.scrollHeight > window.innerHeight - 2 * gap) {
      setCompact(true);
      return;
    }
    const entry = anchor.getBoundingClientRect();
    // Beside the palette as a whole, not just the entry, so its scrollbar stays usable too.
    const right = anchor.closest('aside')?.getBoundingClientRect().right ?? entry.right;
    setAt(
      besidePlacement(
        { x: entry.x, y: entry.y, width: right - entry.x, height: entry.height },
        { width: card.current.offsetWidth, height: card.current.offsetHeight },
        { x: gap, y: gap, width: window.innerWidth - 2 * gap, height: window.innerHeight - 2 * gap },
        gap,
      ),
    );
  }, [def, anchor, compact]);

  const fields = fieldsOf(def);
  return createPortal(
    <div
      ref={card}
      id={nodeCardId}
      role="tooltip"
      data-testid="palette-card"
      data-kind={def.kind}
      data-compact={compact}
      style={{ left: at?.x ?? 0, top: at?.y ?? 0, visibility: at ? 'visible' : 'hidden' }}
      className="pointer-events-none fixed z-50 max-h-[calc(100vh-16px)] w-[300px] overflow-hidden rounded-xl border border-zinc-700/80 bg-zinc-900 shadow-2xl shadow-black/60"
    >
      <div className="border-b border-zinc-800 px-3.5 pt-3 pb-2.5">
        <div className="flex items-baseline justify-between gap-2">
          <span className="flex items-center gap-2 text-[13.5px] font-semibold text-zinc-50">
            <span className="h-2 w-2 shrink-0 rounded-full" style={{ background: categoryColor[def.category] }} />
            {def.ui.label}
          </span>
          <span className="text-[10.5px] font-medium tracking-wide text-zinc-500 uppercase">{categoryLabel.get(def.category)}</span>
        </div>
        <p className="mt-0.5 font-mono text-[10.5px] text-zinc-500">{def.kind}</p>
        <p data-testid="palette-card-description" className="mt-1 text-[12px] leading-[1.45] text-zinc-300">
          {def.ui.description}
        </p>
      </div>
      <dl className="space-y-2 px-3.5 py-2.5 text-[11.5px]">
        <Ports title="Inputs" ports={def.inputs} direction="input" />
        <Ports title="Outputs" ports={def.outputs} direction="output" />
        <div>
          <dt className="mb-1 text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">Parameters</dt>
          {fields.length === 0 ? (
            <dd className="text-zinc-500">None: nothing to set.</dd>
          ) : (
            fields.map((field) => (
              <dd key={field.name} data-testid="palette-card-param" data-name={field.name} className="py-[3px] leading-4">
                <span className="flex items-baseline justify-between gap-3">
                  <span className="text-zinc-200">{field.label}</span>
                  <span className="shrink-0 font-mono text-[11px] text-zinc-300">{defaultLabel(field)}</span>
                </span>
                {!compact && <span className="block text-[10.5px] text-zinc-500">{capitalise(allowedValues(field))}</span>}
              </dd>
            ))
          )}
        </div>
      </dl>
      <p className="border-t border-zinc-800 px-3.5 py-2 text-[10.5px] text-zinc-500">
        Click to add, or drag onto the canvas.{compact && ' The inspector shows what each parameter accepts.'}
      </p>
    </div>,
    document.body,
  );
}

function Ports({ title, ports, direction }: { title: string; ports: PortDefinition[]; direction: 'input' | 'output' }) {
  return (
    <div className="flex gap-2">
      <dt className="w-[58px] shrink-0 pt-px text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">{title}</dt>
      <dd className="flex min-w-0 flex-1 flex-wrap gap-x-3 gap-y-0.5">
        {ports.length === 0 ? (
          <span className="text-zinc-500">none</span>
        ) : (
          ports.map((port) => (
            <span key={port.id} data-testid="palette-card-port" data-direction={direction} className="flex items-center gap-1.5 whitespace-nowrap">
              <span className="h-1.5 w-1.5 rounded-full" style={{ background: portColor[port.type] }} />
              <span className="text-zinc-200">{port.label}</span>
              <span className="text-zinc-500">{port.type}</span>
            </span>
          ))
        )}
      </dd>
    </div>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
