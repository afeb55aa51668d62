import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition } from '@/nodes/define-node';
import { catalogueCommand, catalogueEnd, catalogueStart, nodeCatalogue, withCatalogue } from '@/lib/docs/node-catalogue';
import { repoRoot } from '../support/export-project';

const definitions = nodeDefinitions as readonly AnyNodeDefinition[];

describe("the README's node catalogue", () => {
  it('is what npm run catalogue writes from the registry', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const fresh = withCatalogue(readme, nodeCatalogue());
    if (fresh === undefined) throw new Error(`README.md has lost its catalogue markers: put back\n${catalogueStart}\n${catalogueEnd}\nthen run ${catalogueCommand}.`);
    if (fresh !== readme) throw new Error(`README.md's node catalogue is stale: run ${catalogueCommand} (and commit README.md).`);
  });

  it('has a row for every kind, with its label, description, ports and params', () => {
    const catalogue = nodeCatalogue();
    for (const def of definitions) {
      const row = catalogue.split('\n').find((line) => line.includes(`| \`${def.kind}\` |`));
      expect(row, def.kind).toBeDefined();
      expect(row).toContain(`**${def.ui.label}**`);
      for (const port of [...def.inputs, ...def.outputs]) expect(row).toContain(`${port.label} (${port.type})`);
      for (const name of Object.keys(def.params.shape)) expect(row).toContain(`\`${name}\``);
    }
    expect(catalogue).toContain('`units` 32 (1–');
    expect(catalogue).toContain('`learningRate` auto');
    expect(catalogue).toContain('`maxSamples` empty');
  });

  it('keeps a table cell whole whatever a description holds', () => {
    const dense = definitions.find((d) => d.kind === 'layer.dense')!;
    const hostile = { ...dense, ui: { ...dense.ui, description: 'a | b\nc' } };
    const row = nodeCatalogue([hostile]).split('\n').find((line) => line.includes('layer.dense'))!;
    expect(row).toContain('a \\| b c');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
  });

  it('replaces only what lies between the markers', () => {
    const readme = `# Title\n\n${catalogueStart}\nold\n${catalogueEnd}\n\n## After\n`;
    expect(withCatalogue(readme, 'new\n')).toBe(`# Title\n\n${catalogueStart}\n\nnew\n\n${catalogueEnd}\n\n## After\n`);
    expect(withCatalogue('# No markers\n', 'new\n')).toBeUndefined();
  });
});
