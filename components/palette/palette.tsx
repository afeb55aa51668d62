'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { categories, nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition, Category } from '@/nodes/define-node';
import { collapsedCategoriesKey, paletteSections, parseCollapsedCategories } from '@/lib/search/palette';
import { usePipeline } from '@/lib/store/pipeline';
import { categoryColor } from '@/components/ui/theme';
import { ChevronDownIcon, PlusIcon, SearchIcon } from '@/components/ui/icons';
import { paletteDragType } from '@/components/canvas/canvas';
import { nodeWidth } from '@/components/canvas/pipeline-node';
import { isTypingTarget } from '@/components/ui/keyboard';
import { isDialogOpen } from '@/components/ui/use-dialog-focus';
import { freeSpot } from '@/lib/layout/free-spot';
import { floatingInspector, isPanelOpen } from '@/lib/layout/panels';
import { usePanelOpen, useUi } from '@/lib/store/ui';
import { PanelToggle, Rail } from '@/components/builder/panel-rail';
import { NodeCard, nodeCardId } from './node-card';

const definitions = nodeDefinitions as readonly AnyNodeDefinition[];
const categoryLabel = new Map(categories.map((c) => [c.id, c.label]));
/** Long enough that moving the pointer across the list opens no cards, short enough to feel prompt. */
const cardDelayMs = 400;

export function Palette() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [searchFocused, setSearchFocused] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const addAtCentre = useAddAtCentre();
  const open = usePanelOpen('palette');
  // "/" while folded asks for a search box that exists only once the palette has unfolded.
  const searchAsked = useRef(false);
  const [searchNonce, setSearchNonce] = useState(0);
  const openSearch = useCallback(() => {
    const ui = useUi.getState();
    if (!isPanelOpen('palette', ui.panelChoices, ui.windowWidth)) ui.setPanelOpen('palette', true);
    searchAsked.current = true;
    setSearchNonce((n) => n + 1);
  }, []);

  useEffect(() => {
    if (!open || !searchAsked.current) return;
    searchAsked.current = false;
    search.current?.focus();
    search.current?.select();
  }, [open, searchNonce]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target) || isDialogOpen()) return;
      event.preventDefault();
      openSearch();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openSearch]);

  // While searching, one list ranked by match quality, so the first item (what Enter adds) is the best one.
  const searching = query.trim() !== '';
  const [collapsed, toggleCategory] = useCollapsedCategories();
  const { sections, items } = useMemo(() => paletteSections(definitions, categories, query, collapsed), [query, collapsed]);
  const highlighted = items[Math.min(active, items.length - 1)];
  // The highlight says what Enter adds, so it shows only while Enter would add it.
  const showActive = searching || searchFocused;
  const card = useNodeCard();
  const showCardSoon = card.showSoon;
  // Arrowing through the results opens the highlighted node's card, as hovering it would.
  const [arrowed, setArrowed] = useState(false);

  useEffect(() => {
    const option = list.current?.querySelector<HTMLElement>('[data-active="true"]');
    option?.scrollIntoView({ block: 'nearest' });
    if (arrowed && option && highlighted) showCardSoon(highlighted.kind, option);
  }, [active, query, arrowed, highlighted, showCardSoon]);

  if (!open) {
    return (
      <Rail side="left" label="Node palette, folded">
        <PanelToggle panel="palette" />
        <button
          type="button"
          data-testid="palette-rail-search"
          aria-label="Search nodes to add"
          title="Search nodes to add (/)"
          onClick={openSearch}
          className="flex h-8 w-8 items-center justify-center rounded-lg text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500"
        >
          <SearchIcon width={16} height={16} />
        </button>
      </Rail>
    );
  }

  return (
    <aside className="flex h-full min-h-0 w-[232px] flex-col border-r border-zinc-800 bg-zinc-925" aria-label="Node palette">
      <div className="flex items-center gap-1 p-3 pr-1.5 pb-2">
        <label className="relative block min-w-0 flex-1">
          <span className="sr-only">Search nodes</span>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-500" width={14} height={14} />
          <input
            ref={search}
            data-testid="palette-search"
            type="search"
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-results"
            aria-activedescendant={highlighted ? `palette-option-${highlighted.kind}` : undefined}
            value={query}
            onFocus={() => setSearchFocused(true)}
            onBlur={() => {
              setSearchFocused(false);
              setArrowed(false);
              card.hide();
            }}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
              setArrowed(false);
              card.hide();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setQuery('');
                setActive(0);
                e.currentTarget.blur();
              } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                if (items.length === 0) return;
                const step = e.key === 'ArrowDown' ? 1 : -1;
                setActive((i) => (Math.min(i, items.length - 1) + step + items.length) % items.length);
                setArrowed(true);
              } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && highlighted) {
                card.hide();
                addAtCentre(highlighted.kind);
              }
            }}
            placeholder="Search nodes"
            className="h-8 w-full rounded-lg border border-zinc-800 bg-zinc-900 pr-8 pl-8 text-[13px] text-zinc-100 placeholder:text-zinc-500 focus:border-indigo-500 focus:outline-none"
          />
          <kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-zinc-700 px-1 font-mono text-[10px] text-zinc-500">
            /
          </kbd>
        </label>
        <PanelToggle panel="palette" />
      </div>
      <div
        ref={list}
        id="palette-results"
        role="listbox"
        aria-label="Nodes"
        onScroll={card.hide}
        className="min-h-0 flex-1 overflow-y-auto px-2 pb-4"
      >
        {searching && items.length === 0 && (
          <p className="px-2 py-6 text-center text-[13px] text-zinc-500">No node matches “{query}”.</p>
        )}
        {sections.map((section) => (
          <section key={section.id} role="group" aria-labelledby={`palette-section-${section.id}`} className="mt-2">
            {section.id === 'results' ? (
              <h3
                id={`palette-section-${section.id}`}
                className="flex items-center justify-between px-2 pt-1 pb-1.5 select-none text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase"
              >
                {section.label}
                <span className="font-medium tabular-nums">{section.count}</span>
              </h3>
            ) : (
              <h3 id={`palette-section-${section.id}`}>
                <button
                  type="button"
                  data-testid={`palette-category-${section.id}`}
                  aria-expanded={!section.collapsed}
                  title={section.collapsed ? `Show the ${section.count} ${section.label} nodes` : `Fold ${section.label}`}
                  onClick={() => toggleCategory(section.id as Category)}
                  className="group flex w-full items-center gap-2 rounded-md px-2 pt-1 pb-1.5 select-none text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase hover:text-zinc-300 focus-visible:outline-2 focus-visible:outline-indigo-500"
                >
                  <span className="h-1.5 w-1.5 rounded-full" style={{ background: categoryColor[section.id as Category] }} />
                  <span className="flex-1 text-left">{section.label}</span>
                  <span data-testid="palette-category-count" className="font-medium tabular-nums text-zinc-600 group-hover:text-zinc-400">
                    {section.count}
                  </span>
                  <ChevronDownIcon width={12} height={12} className={`transition-transform ${section.collapsed ? '-rotate-90' : ''}`} />
                </button>
              </h3>
            )}
            {section.items.length > 0 && (
              <ul role="presentation" className="space-y-0.5">
                {section.items.map((def) => (
                  <li key={def.kind} role="presentation">
                    <button
                      type="button"
                      draggable
                      id={`palette-option-${def.kind}`}
                      role="option"
                      aria-selected={showActive && def === highlighted}
                      aria-describedby={card.shown?.kind === def.kind ? nodeCardId : undefined}
                      data-testid={`palette-item-${def.kind}`}
                      data-active={showActive && def === highlighted}
                      onClick={() => {
                        card.hide();
                        addAtCentre(def.kind);
                      }}
                      onMouseEnter={(e) => card.showSoon(def.kind, e.currentTarget)}
                      onMouseLeave={card.hide}
                      // Only a keyboard's focus opens the card: a click focuses the entry too.
                      onFocus={(e) => e.currentTarget.matches(':focus-visible') && card.showSoon(def.kind, e.currentTarget)}
                      onBlur={card.hide}
                      onDragStart={(event) => {
                        card.hide();
                        event.dataTransfer.setData(paletteDragType, def.kind);
                        event.dataTransfer.effectAllowed = 'copy';
                      }}
                      className="group flex w-full cursor-grab items-start gap-2.5 rounded-lg px-2 py-1.5 text-left select-none hover:bg-zinc-800/70 focus-visible:bg-zinc-800/70 focus-visible:outline-none active:cursor-grabbing data-[active=true]:bg-zinc-800/70 data-[active=true]:ring-1 data-[active=true]:ring-indigo-500/60"
                    >
                      <span
                        className="mt-[3px] h-3.5 w-1 shrink-0 rounded-full"
                        style={{ background: categoryColor[def.category] }}
                      />
                      <span className="min-w-0 flex-1">
                        <span className="flex items-baseline justify-between gap-2">
                          <span className="text-[13px] font-medium text-zinc-100">{def.ui.label}</span>
                          {searching && <span className="text-[10.5px] text-zinc-500">{categoryLabel.get(def.category)}</span>}
                        </span>
                        <span className="line-clamp-2 text-[11.5px] leading-4 text-zinc-500">{def.ui.description}</span>
                      </span>
                      <PlusIcon className="mt-0.5 shrink-0 text-zinc-600 opacity-0 group-hover:opacity-100" width={14} height={14} />
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
      {card.shown && <NodeCard key={card.shown.kind} def={card.shown.def} anchor={card.shown.anchor} />}
    </aside>
  );
}

/** The folded categories, remembered in this browser (read after the first render: the server has no storage). */
function useCollapsedCategories(): [ReadonlySet<Category>, (category: Category) => void] {
  const [collapsed, setCollapsed] = useState<ReadonlySet<Category>>(() => new Set());
  useEffect(() => {
    setCollapsed(parseCollapsedCategories(readStorage(collapsedCategoriesKey), categories));
  }, []);
  const toggle = useCallback((category: Category) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(category)) next.add(category);
      try {
        window.localStorage.setItem(collapsedCategoriesKey, JSON.stringify([...next]));
      } catch {
        // Storage full or blocked: the choice still holds until the page is closed.
      }
      return next;
    });
  }, []);
  return [collapsed, toggle];
}

function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The hover card: opens after a short pause on an entry, closes at once when the pointer or focus leaves. */
function useNodeCard() {
  const [shown, setShown] = useState<{ kind: string; def: AnyNodeDefinition; anchor: HTMLElement } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const hide = useCallback(() => {
    clearTimeout(timer.current);
    setShown(null);
  }, []);
  const showSoon = useCallback((kind: string, anchor: HTMLElement) => {
    clearTimeout(timer.current);
    setShown(null);
    const def = definitions.find((d) => d.kind === kind);
    if (def) timer.current = setTimeout(() => setShown({ kind, def, anchor }), cardDelayMs);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return { shown, showSoon, hide };
}

/**
 * Adds a node beside the selected one, or in the middle of what the canvas shows, moved to a spot
 * where it covers no other node (see freeSpot); pans the canvas only as far as needed when no free
 * spot is on screen.
 */
function useAddAtCentre() {
  const { screenToFlowPosition, getNodes, getViewport, setViewport } = useReactFlow();
  const addNode = usePipeline((s) => s.addNode);
  return (kind: string) => {
    const pane = document.querySelector('[data-canvas-root]')?.getBoundingClientRect();
    const { panelChoices, windowWidth } = useUi.getState();
    // With the inspector folded, the new node (selected once added) brings the floating inspector
    // over the canvas's right edge: the node must land clear of it, not be panned away from under it.
    const covered = isPanelOpen('inspector', panelChoices, windowWidth)
      ? 0
      : floatingInspector.width + floatingInspector.margin + floatingInspector.gap;
    const topLeft = pane ? screenToFlowPosition({ x: pane.left, y: pane.top }) : { x: 0, y: 0 };
    const bottomRight = pane ? screenToFlowPosition({ x: Math.max(pane.left + nodeWidth, pane.right - covered), y: pane.bottom }) : { x: 800, y: 600 };
    const nodes = getNodes();
    const box = (n: (typeof nodes)[number]) => ({
      x: n.position.x,
      y: n.position.y,
      width: n.measured?.width ?? nodeWidth,
      height: n.measured?.height ?? fallbackNodeHeight,
    });
    const selected = usePipeline.getState().selection.nodes;
    const beside = selected.length === 1 ? nodes.find((n) => n.id === selected[0]) : undefined;
    // A node of the same kind shows how tall the new one will be; otherwise assume the tallest kind.
    const twin = nodes.find((n) => n.data.kind === kind && n.measured?.height);
    const size = { width: nodeWidth, height: twin?.measured?.height ?? fallbackNodeHeight };
    const { position, inView, pan } = freeSpot({
      size,
      taken: nodes.map(box),
      view: { ...topLeft, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y },
      beside: beside && box(beside),
    });
    addNode(kind, position);
    if (!inView) {
      const { x, y, zoom } = getViewport();
      void setViewport({ x: x - pan.x * zoom, y: y - pan.y * zoom, zoom });
    }
  };
}

/** Taller than any node kind draws, so a guess never overlaps. */
const fallbackNodeHeight = 150;
