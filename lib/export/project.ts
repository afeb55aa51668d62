import type { PipelineDocument } from '@/lib/document/document';
import { compile, type Issue } from '@/lib/compile/compile';
import { folderName } from './folder-name';
import { formatTypeScript } from './format';
import { predictSource } from './predict-program';
import { pipelineProgram } from './program';
import { projectManifest, projectReadme, projectTsconfig } from './project-files';
import { shippedSources } from './sources.generated';

/**
 * The exported project: what "Download project" zips in the browser and `pipeline export --out`
 * writes, file for file the same.
 */
export interface ExportFile {
  /** Relative path inside the project, with forward slashes: 'pipeline.ts', 'README.md'. */
  path: string;
  text: string;
  /** For the viewer's highlighting. */
  language: 'typescript' | 'json' | 'markdown';
}

export interface ExportProject {
  /** A folder name made from the pipeline's name, for the zip and its top folder: 'digit-classifier-cnn'. */
  folder: string;
  /** pipeline.ts first, then the other files in the order the viewer shows them. */
  files: ExportFile[];
}

export type ExportResult = { ok: true; project: ExportProject } | { ok: false; issues: Issue[] };

export interface ExportOptions {
  /** The share link of the canvas the code came from, written into the project's README. */
  link: string;
  /**
   * Set when the export was given the pipeline's CSV files (`pipeline export --data`): where the
   * program reads each, by CSV file node id (relative to the project's folder, or absolute), and
   * what the data steps learnt from those rows (ProgramInput.fitted).
   */
  data?: { paths: Record<string, string>; fitted: Record<string, unknown> };
}

/**
 * Compiles the document and writes it as a standalone TypeScript project. Async because the code
 * is formatted with prettier, which is loaded on first use. Fails with the compile errors when
 * the document has any.
 */
export async function generateProject(doc: PipelineDocument, options: ExportOptions): Promise<ExportResult> {
  const compiled = compile(doc);
  if (!compiled.ok) return { ok: false, issues: compiled.issues };
  const program = pipelineProgram({
    doc,
    spec: compiled.spec,
    // A CSV file node's `file` is the file name it was built on; the program reads its DATA_PATH from it, so a path given at export takes its place there.
    params: (id) => {
      const params = compiled.analysis.nodes[id]?.params ?? missingParams(id);
      const path = options.data && Object.hasOwn(options.data.paths, id) ? options.data.paths[id] : undefined;
      return path === undefined ? params : { ...params, file: path };
    },
    link: options.link,
    fitted: options.data?.fitted,
  });
  const folder = folderName(doc.name);
  const sources: ExportFile[] = [
    ...shippedClosure(program.relativeImports).map((path): ExportFile => ({ path, language: 'typescript', text: shippedSources[path].text })),
    ...program.files.map((f): ExportFile => ({ path: f.path, language: 'typescript', text: f.text })),
  ];
  const files: ExportFile[] = [
    { path: 'pipeline.ts', language: 'typescript', text: await formatTypeScript(program.source) },
    { path: 'predict.ts', language: 'typescript', text: await formatTypeScript(predictSource) },
    { path: 'README.md', language: 'markdown', text: projectReadme(doc, options.link, sources.map((f) => f.path), program.metricKeys, program.packages, program.fittedConstants) },
    { path: 'package.json', language: 'json', text: projectManifest(folder, doc, program.packages) },
    { path: 'tsconfig.json', language: 'json', text: projectTsconfig() },
    ...sources,
  ];
  return { ok: true, project: { folder, files } };
}

/**
 * The app's modules the project ships (lib/export/embed-sources.ts): those pipeline.ts imports and
 * those they import in turn, files at the top first, then by folder.
 */
function shippedClosure(imports: string[]): string[] {
  const needed = new Set<string>();
  const visit = (path: string) => {
    if (needed.has(path)) return;
    if (!shippedSources[path]) throw new Error(`pipeline.ts imports ./${path}, which the app does not ship: add it to shippedRoots in lib/export/embed-sources.ts.`);
    needed.add(path);
    shippedSources[path].imports.forEach(visit);
  };
  imports.filter((path) => !path.endsWith('.d.ts')).forEach(visit);
  const depth = (path: string) => path.split('/').length;
  return [...needed].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}

function missingParams(id: string): never {
  throw new Error(`compile() gave no params for node "${id}".`);
}
