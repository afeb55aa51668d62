/**
 * Writes lib/export/sources.generated.ts (see lib/export/embed-sources.ts). Runs before every dev
 * and build; rewrites the file only when it changed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedSourcesPath, generatedSourcesText } from '../lib/export/embed-sources';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = path.join(root, generatedSourcesPath);
const text = generatedSourcesText(root);
if (existsSync(file) && readFileSync(file, 'utf8') === text) {
  console.log(`export-sources: ${generatedSourcesPath} is up to date.`);
} else {
  writeFileSync(file, text);
  console.log(`export-sources: wrote ${generatedSourcesPath}.`);
}
