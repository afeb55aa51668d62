/**
 * Writes the node catalogue (lib/docs/node-catalogue.ts) into README.md between its markers.
 * Run after adding or changing a node kind; a unit test fails until the README matches.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogueEnd, catalogueStart, nodeCatalogue, withCatalogue } from '../lib/docs/node-catalogue';

const readmePath = path.join(fileURLToPath(new URL('..', import.meta.url)), 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = withCatalogue(readme, nodeCatalogue());
if (updated === undefined) {
  console.error(`catalogue: README.md needs the two marker lines, where the catalogue goes:\n${catalogueStart}\n${catalogueEnd}`);
  process.exit(1);
} else if (updated === readme) {
  console.log('catalogue: README.md is up to date.');
} else {
  writeFileSync(readmePath, updated);
  console.log('catalogue: wrote the node catalogue into README.md.');
}
