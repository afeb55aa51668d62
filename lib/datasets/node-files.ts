import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ReadFile } from './load';

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
