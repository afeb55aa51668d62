import type { PipelineDocument } from '@/lib/document/document';
import type { Issue } from '@/lib/compile/compile';

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
}

/**
 * Compiles the document and writes it as a standalone TypeScript project. Async because the code
 * is formatted with prettier, which is loaded on first use. Fails with the compile errors when
 * the document has any.
 */
export async function generateProject(doc: PipelineDocument, options: ExportOptions): Promise<ExportResult> {
  // FOUNDATION STUB (replaced by the generator): a fixed project so the panel and the CLI can be built.
  const folder = doc.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'pipeline';
  return {
    ok: true,
    project: {
      folder,
      files: [
        { path: 'pipeline.ts', language: 'typescript', text: `import * as tf from '@tensorflow/tfjs';\n\nexport const EPOCHS = 3;\n\nconsole.log(JSON.stringify({ outcome: 'finished', epochs: EPOCHS, metrics: { loss: tf.scalar(1).dataSync()[0] } }));\n` },
        { path: 'package.json', language: 'json', text: '{\n  "name": "stub"\n}\n' },
        { path: 'README.md', language: 'markdown', text: `# ${doc.name}\n\nOpen the canvas: ${options.link}\n` },
      ],
    },
  };
}
