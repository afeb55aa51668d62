import { describe, expect, it } from 'vitest';
import { nodeDefinitions } from '@/nodes';
import { MatchTier, rankByQuery, wordTier } from '@/lib/search/rank';

const kinds = (query: string) =>
  rankByQuery(nodeDefinitions, query, (d) => ({ label: d.ui.label, kind: d.kind, description: d.ui.description })).map(
    (d) => d.kind,
  );

describe('rankByQuery over the node registry', () => {
  it('puts Dense first for "den", although Flatten mentions Dense layers earlier in the list', () => {
    const ranked = kinds('den');
    expect(ranked[0]).toBe('layer.dense');
    expect(ranked).toContain('layer.flatten');
    expect(ranked.indexOf('layer.dense')).toBeLessThan(ranked.indexOf('layer.flatten'));
  });

  it('ranks an exact label above a label that merely starts with it', () => {
    const items = [{ label: 'Dense block' }, { label: 'Dense' }];
    expect(rankByQuery(items, 'dense', (i) => i).map((i) => i.label)).toEqual(['Dense', 'Dense block']);
  });

  it('orders label prefix > label word prefix > label substring > kind > description', () => {
    const items = [
      { label: 'Other', description: 'mentions pool' },
      { label: 'Other', kind: 'layer.pool' },
      { label: 'Carpool' },
      { label: 'Max pool' },
      { label: 'Pooling' },
    ];
    expect(rankByQuery(items, 'pool', (i) => i)).toEqual([items[4], items[3], items[2], items[1], items[0]]);
  });

  it('needs every word to match somewhere, and ranks by the weakest word', () => {
    expect(kinds('dense relu')).toEqual([]);
    expect(kinds('max 2d')[0]).toBe('layer.maxPool2d');
    // "layer" only matches kinds, so the label word decides among layers.
    expect(kinds('layer conv')[0]).toBe('layer.conv2d');
  });

  it('splits labels into words where a reader would', () => {
    expect(wordTier('pool', { label: 'MaxPool2D' })).toBe(MatchTier.LabelWordPrefix);
    expect(wordTier('valid', { label: 'Train/validation split' })).toBe(MatchTier.LabelWordPrefix);
    expect(wordTier('ense', { label: 'Dense' })).toBe(MatchTier.LabelSubstring);
  });

  it('keeps every item in order for an empty query, and is case-insensitive', () => {
    expect(kinds('  ')).toEqual(nodeDefinitions.map((d) => d.kind));
    expect(kinds('DENSE')[0]).toBe('layer.dense');
  });
});
