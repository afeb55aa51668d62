import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PipelineDocument } from '@/lib/document/document';
import { generateProject, type ExportProject } from '@/lib/export/project';

/** Exported projects are written outside the repository (tsconfig includes every .ts in it). */

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);
export const run = promisify(execFile);
export const testLink = 'http://localhost:3000/#p=test';

export async function exportOf(doc: PipelineDocument): Promise<ExportProject> {
  const result = await generateProject(doc, { link: testLink });
  if (!result.ok) throw new Error(`Export failed: ${result.issues.map((i) => i.message).join(' ')}`);
  return result.project;
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes the project into `dir` and links the repository's node_modules there, standing in for `npm install`. */
export function writeProject(project: ExportProject, dir: string, linkModules = true): string {
  mkdirSync(dir, { recursive: true });
  for (const file of project.files) {
    mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    writeFileSync(path.join(dir, file.path), file.text);
  }
  if (linkModules) symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
