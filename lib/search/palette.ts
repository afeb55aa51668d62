import type { AnyNodeDefinition, Category } from '@/nodes/define-node';
import { rankByQuery, type SearchText } from './rank';

export interface PaletteSection {
  /** A category id, or "results" while searching. */
  id: Category | 'results';
  label: string;
  /** Every kind in it, shown beside its name even while it is folded. */
  count: number;
  /** Folded: its entries are hidden and the arrow keys pass them by. */
  collapsed: boolean;
  /** The entries shown, in order. */
  items: AnyNodeDefinition[];
}

/**
 * What the palette lists: one section per category, folded ones with no entries shown; while
 * searching, one list of every match ranked best first (a search looks into folded categories
 * too: the person asked for the node, wherever it sits). `items` is what the arrow keys walk.
 */
export function paletteSections(
  definitions: readonly AnyNodeDefinition[],
  categories: readonly { id: Category; label: string }[],
  query: string,
  collapsed: ReadonlySet<Category>,
): { sections: PaletteSection[]; items: AnyNodeDefinition[] } {
  let sections: PaletteSection[];
  if (query.trim() !== '') {
    const label = new Map(categories.map((c) => [c.id, c.label]));
    const textOf = (d: AnyNodeDefinition): SearchText => ({ label: d.ui.label, kind: d.kind, category: label.get(d.category), description: d.ui.description });
    const matches = rankByQuery(definitions, query, textOf);
    sections = [{ id: 'results', label: 'Best matches', count: matches.length, collapsed: false, items: matches }];
  } else {
    sections = categories.map((category) => {
      const all = definitions.filter((d) => d.category === category.id);
      const folded = collapsed.has(category.id);
      return { id: category.id, label: category.label, count: all.length, collapsed: folded, items: folded ? [] : all };
    });
  }
  return { sections, items: sections.flatMap((s) => s.items) };
}

export const collapsedCategoriesKey = 'pipeline-builder:palette-collapsed';

/** The folded categories remembered in this browser; anything unreadable counts as none folded. */
export function parseCollapsedCategories(stored: string | null, categories: readonly { id: Category }[]): Set<Category> {
  let value: unknown;
  try {
    value = JSON.parse(stored ?? '[]');
  } catch {
    return new Set();
  }
  if (!Array.isArray(value)) return new Set();
  return new Set(categories.map((c) => c.id).filter((id) => value.includes(id)));
}
