import { strToU8, zipSync } from 'fflate';
import type { ExportProject } from './project';

/** The project as a .zip, every file inside one top folder named after the pipeline. */
export function zipProject(project: ExportProject): Uint8Array {
  const entries = Object.fromEntries(project.files.map((f) => [`${project.folder}/${f.path}`, strToU8(f.text)]));
  return zipSync(entries, { level: 6 });
}

export const zipFileName = (project: ExportProject) => `${project.folder}.zip`;
