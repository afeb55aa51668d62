import { describe, expect, it } from 'vitest';
import { categories, nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition, Category } from '@/nodes/define-node';
import { collapsedCategoriesKey, paletteSections, parseCollapsedCategories } from '@/lib/search/palette';
import { MatchTier, wordTier } from '@/lib/search/rank';

const definitions = nodeDefinitions as readonly AnyNodeDefinition[];
const kinds = (list: AnyNodeDefinition[]) => list.map((d) => d.kind);

describe('paletteSections', () => {
  it('lists every category with its count, in registry order, when nothing is folded', () => {
    const { sections, items } = paletteSections(definitions, categories, '', new Set());
    expect(sections.map((s) => s.id)).toEqual(categories.map((c) => c.id));
    for (const section of sections) {
      const inCategory = definitions.filter((d) => d.category === section.id);
      expect(section.count).toBe(inCategory.length);
      expect(kinds(section.items)).toEqual(kinds(inCategory));
    }
    expect(kinds(items)).toEqual(sections.flatMap((s) => kinds(s.items)));
    expect(items).toHaveLength(definitions.length);
  });

  it("hides a folded category's entries from the list and from the arrow keys, but keeps its count", () => {
    const { sections, items } = paletteSections(definitions, categories, '', new Set<Category>(['layer']));
    const layers = sections.find((s) => s.id === 'layer')!;
    expect(layers.collapsed).toBe(true);
    expect(layers.items).toEqual([]);
    expect(layers.count).toBe(definitions.filter((d) => d.category === 'layer').length);
    expect(items.some((d) => d.category === 'layer')).toBe(false);
  });

  it('searches folded categories too, by label, kind, category and description', () => {
    const folded = new Set(categories.map((c) => c.id));
    const search = (query: string) => kinds(paletteSections(definitions, categories, query, folded).items);
    expect(search('dense')[0]).toBe('layer.dense');
    expect(search('maxPool')).toContain('layer.maxPool2d');
    expect(search('preprocessing')).toEqual(kinds(definitions.filter((d) => d.category === 'preprocess')));
    expect(search('overfitting')).toEqual(['layer.dropout']);
    expect(search('no such node')).toEqual([]);
  });

  it('ranks a category match below a name and above a description', () => {
    const text = { label: 'Adam', kind: 'optimizer.adam', category: 'Optimizer', description: 'Adaptive gradient descent' };
    expect(wordTier('optim', text)).toBe(MatchTier.Kind);
    expect(wordTier('optimizer', { ...text, kind: 'x' })).toBe(MatchTier.Category);
    expect(wordTier('gradient', text)).toBe(MatchTier.Description);
    expect(MatchTier.Category).toBeGreaterThan(MatchTier.Kind);
    expect(MatchTier.Category).toBeLessThan(MatchTier.Description);
  });
});

describe('parseCollapsedCategories', () => {
  it('reads back known categories and ignores anything else', () => {
    expect(collapsedCategoriesKey).toMatch(/^pipeline-builder:/);
    expect([...parseCollapsedCategories('["layer","loss"]', categories)].sort()).toEqual(['layer', 'loss']);
    expect([...parseCollapsedCategories('["layer","nope",3]', categories)]).toEqual(['layer']);
    for (const junk of [null, '', 'not json', '{"layer":true}', '42', 'null']) expect(parseCollapsedCategories(junk, categories).size).toBe(0);
  });
});
