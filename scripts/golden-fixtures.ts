/**
 * Writes golden fixtures of the built-in templates at the current versions: a `.pipeline.json`
 * file, a share link, and the document each must open to (`<id>.doc-v<N>.expected.json`: what the
 * app of document version N opened them to). Run it when a version changes
 * (`npx tsx --tsconfig tsconfig.json scripts/golden-fixtures.ts`); it never overwrites a fixture,
 * so older ones stay as they were written and keep proving that they still open.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentVersion } from '@/lib/document/document';
import { documentFileText } from '@/lib/document/read';
import { encodeLink, linkFormat } from '@/lib/share/link';
import { templates } from '@/lib/templates';

const dir = join(import.meta.dirname, '..', 'tests', 'fixtures', 'golden');
mkdirSync(dir, { recursive: true });

for (const { id, document } of templates) {
  const files: [string, string][] = [
    [`${id}.doc-v${documentVersion}.pipeline.json`, documentFileText(document)],
    [`${id}.link-v${linkFormat}.doc-v${documentVersion}.txt`, `${encodeLink(document)}\n`],
    [`${id}.doc-v${documentVersion}.expected.json`, `${JSON.stringify(document, null, 2)}\n`],
  ];
  for (const [name, text] of files) {
    const path = join(dir, name);
    if (existsSync(path)) {
      console.log(`kept ${name}`);
      continue;
    }
    writeFileSync(path, text);
    console.log(`wrote ${name}`);
  }
}
