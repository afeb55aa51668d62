import { describe, expect, it } from 'vitest';
import { distinctNodeNames, nodeName } from '@/lib/document/node-name';
import { compile } from '@/lib/compile/compile';
import { digitCnn } from '@/lib/templates/digit-cnn';
import type { PipelineNode } from '@/lib/document/document';
import { replaceSource } from '../support/pipeline';

const node = (id: string, kind: string, label?: string): PipelineNode => ({ id, kind, params: {}, position: { x: 0, y: 0 }, label });

describe('the name of a node as shown to people', () => {
  it('is the label given to it, else the name of its kind, else its kind as written', () => {
    expect(nodeName(node('a', 'layer.dense', 'Hidden layer'))).toBe('Hidden layer');
    expect(nodeName(node('a', 'layer.dense'))).toBe('Dense');
    expect(nodeName(node('a', 'layer.nope'))).toBe('layer.nope');
  });

  it('tells apart nodes that share a name by their ids, and leaves the others alone', () => {
    const name = distinctNodeNames([node('hidden', 'layer.dense'), node('classifier', 'layer.dense'), node('flatten', 'layer.flatten'), node('x', 'layer.flatten', 'Dense')]);
    expect(name('hidden')).toBe('Dense (hidden)');
    expect(name('x')).toBe('Dense (x)');
    expect(name('flatten')).toBe('Flatten');
    expect(name('gone')).toBe('gone');
  });

  it('makes the two problems of a loop through two Dense nodes say different things', () => {
    const doc = replaceSource(digitCnn, 'flatten.out', 'classifier.out', 'hidden.in');
    const messages = compile(doc).issues.filter((i) => i.code === 'E_CYCLE').map((i) => i.message);
    expect(messages).toHaveLength(2);
    expect(new Set(messages).size).toBe(2);
    expect(messages.join('\n')).toContain('Dense (hidden) is part of a loop');
    expect(messages.join('\n')).toContain('Dense (classifier) is part of a loop');
  });
});
