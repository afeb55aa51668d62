import { strToU8, zipSync } from 'fflate';
import type { ExportProject } from './project';

/** Files as a .zip, every one inside one top folder, so unzipping gives one folder. */
export function zipFolder(folder: string, files: readonly { path: string; bytes: Uint8Array }[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((f) => [`${folder}/${f.path}`, f.bytes])), { level: 6 });
}

/** The project as a .zip, every file inside one top folder named after the pipeline. */
export function zipProject(project: ExportProject): Uint8Array {
  return zipFolder(project.folder, project.files.map((f) => ({ path: f.path, bytes: strToU8(f.text) })));
}

export const zipFileName = (project: ExportProject) => `${project.folder}.zip`;
