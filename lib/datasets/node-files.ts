import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ReadFile } from './load';
import type { SourceReaders } from './source';

/** Node only (tests, CLI): reads the files lib/datasets/build.ts wrote. */
export const datasetsDir = fileURLToPath(new URL('../../public/datasets/', import.meta.url));

export const nodeReadFile: ReadFile = async (name) => {
  try {
    return await readFile(datasetsDir + name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`Dataset file public/datasets/${name} is missing: run \`npm run datasets\` first.`);
    }
    throw e;
  }
};

/** The built-in datasets' files, and no uploads: what a run on a built-in dataset reads in Node. */
export const nodeSourceReaders: SourceReaders = { readFile: nodeReadFile, readUpload: async () => undefined };
