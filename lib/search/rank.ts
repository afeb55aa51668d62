/** What a search looks at in one item, from most to least telling. */
export interface SearchText {
  label: string;
  /** A secondary name, e.g. a node's kind "layer.dense". */
  kind?: string;
  /** The group it belongs to, e.g. a node's category "Preprocessing". */
  category?: string;
  description?: string;
}

/**
 * How well one query word matches, best first. A word that names the item beats one that only
 * appears in its description: "den" means Dense, not Flatten ("... for Dense layers").
 */
export const MatchTier = {
  LabelPrefix: 1,
  LabelWordPrefix: 2,
  LabelSubstring: 3,
  Kind: 4,
  Category: 5,
  Description: 6,
} as const;
export type MatchTier = (typeof MatchTier)[keyof typeof MatchTier];

/** Words of a label, splitting "MaxPool2D" and "Train/validation split" where a reader would. */
function labelWords(label: string): string[] {
  return label
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function wordTier(word: string, text: SearchText): MatchTier | undefined {
  const label = text.label.toLowerCase();
  if (label.startsWith(word)) return MatchTier.LabelPrefix;
  if (labelWords(text.label).some((w) => w.startsWith(word))) return MatchTier.LabelWordPrefix;
  if (label.includes(word)) return MatchTier.LabelSubstring;
  if (text.kind?.toLowerCase().includes(word)) return MatchTier.Kind;
  if (text.category?.toLowerCase().includes(word)) return MatchTier.Category;
  if (text.description?.toLowerCase().includes(word)) return MatchTier.Description;
  return undefined;
}

/**
 * The items that match every word of `query`, best match first: the whole label exactly, then by
 * the weakest word's tier, then by all words' tiers together, then in the given order. An empty
 * query keeps every item in order.
 */
export function rankByQuery<T>(items: readonly T[], query: string, textOf: (item: T) => SearchText): T[] {
  const phrase = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (phrase === '') return [...items];
  const words = phrase.split(' ');
  const scored: { item: T; key: number[] }[] = [];
  items.forEach((item, index) => {
    const text = textOf(item);
    const tiers = words.map((w) => wordTier(w, text));
    if (tiers.some((t) => t === undefined)) return;
    const numbers = tiers as MatchTier[];
    const exact = text.label.toLowerCase() === phrase ? 0 : 1;
    scored.push({ item, key: [exact, Math.max(...numbers), numbers.reduce((a, b) => a + b, 0), index] });
  });
  scored.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
    return 0;
  });
  return scored.map((s) => s.item);
}
