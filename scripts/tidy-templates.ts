/**
 * Writes the tidy layout's positions into the built-in templates (lib/templates/*.ts), so they
 * open as the "Tidy layout" button would lay them out. tests/unit/tidy.test.ts fails when a
 * template's positions differ from the layout's; run this after adding or changing a template:
 *   npx tsx --tsconfig tsconfig.json scripts/tidy-templates.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tidyLayout } from '@/lib/layout/tidy';
import { templates } from '@/lib/templates';

/** The file holding a template's positions: its own, or the shared function it is made by. */
function layoutFile(id: string): string {
  const own = join('lib/templates', `${id}.ts`);
  const text = readFileSync(own, 'utf8');
  if (text.includes('position:')) return own;
  // The teaching sets share one graph, so one layout, written once in the function that makes them.
  if (text.includes("from './teaching-mlp'")) return join('lib/templates', 'teaching-mlp.ts');
  throw new Error(`${own}: no positions, and not made by a function this script knows`);
}

for (const template of templates) {
  const file = layoutFile(template.id);
  let source = readFileSync(file, 'utf8');
  const positions = await tidyLayout(template.document);
  for (const [id, { x, y }] of Object.entries(positions)) {
    const node = new RegExp(`(id: '${id}',[\\s\\S]*?position: \\{ x: )-?\\d+(, y: )-?\\d+( \\})`);
    if (!node.test(source)) throw new Error(`${file}: no position found for node "${id}"`);
    source = source.replace(node, `$1${x}$2${y}$3`);
  }
  writeFileSync(file, source);
  console.log(`${file}: ${Object.keys(positions).length} positions`);
}
