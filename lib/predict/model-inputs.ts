import type { ExampleInput } from '../results/types';
import type { Preprocessing } from '../runs/model';
import type { DataSourceSpec } from '../spec/spec';
import type { Column, ColumnInfo, DataTensor, Table } from '../data/table';
import { applyFitted } from '../data/run';
import { datasets } from '../datasets/catalog';
import { imageColumnsInfo } from '../upload/images/read-images';
import { csvTableInfo } from '@/nodes/data/csv-file';
import { dataPlan } from '../engine/train';
import { nameOf } from '../document/node-name';

/**
 * One input a person gives (a drawn digit, a form's values, a text) as the model reads it: a
 * one-row table of the dataset's columns, through every data step with what the run learnt. Pure:
 * the training worker calls it before model.predict, the tests without tfjs.
 */

export type ModelInputs = { ok: true; inputs: DataTensor[] } | { ok: false; problem: string };

/** The columns of the table the pipeline's data node gives, as the spec knows them (no rows are read). */
export function sourceColumns(source: DataSourceSpec): ColumnInfo[] {
  switch (source.source) {
    case 'builtin':
      return datasets[source.dataset].table.columns;
    case 'csv':
      // The CSV node's own reading of its columns (dates become numbers), with nothing left out:
      // the spec lists only the columns the table keeps.
      return csvTableInfo({ ...source, ignore: [], ordered: false }).columns;
    case 'images':
      return imageColumnsInfo(source.shape, source.classes);
  }
}

/** The column the pipeline predicts: the target step's column (steps name the port it reads from). */
export function targetColumn(preprocessing: Preprocessing): string | undefined {
  const { spec } = preprocessing;
  const step = spec.data.steps.find((s) => s.outputs.includes(spec.data.target.port));
  const named = step?.params.target ?? step?.params.column;
  return typeof named === 'string' ? named : undefined;
}

/** Steps that need many rows in time order, which one input cannot give: the reason, in words. */
const needsSeries: Record<string, string> = {
  'preprocess.timeWindow': 'forecasts from a window of rows in time order',
};

export function modelInputs(preprocessing: Preprocessing, input: ExampleInput, names: Record<string, string> = {}): ModelInputs {
  const { spec, fitted } = preprocessing;
  const series = spec.data.steps.find((step) => needsSeries[step.kind]);
  if (series) {
    return {
      ok: false,
      problem: `This pipeline ${needsSeries[series.kind]} (${nameOf(names, series.nodeId, series.kind)}): one input is not a series, so the playground cannot predict with it. Its forecasts are in the Results tab.`,
    };
  }
  const table = oneRowTable(sourceColumns(spec.data.dataset), input, targetColumn(preprocessing));
  if ('problem' in table) return { ok: false, problem: table.problem };
  const plan = dataPlan(spec);
  const values = applyFitted(plan, fitted, table);
  const inputs = plan.inputs.map((key) => values.get(key) as DataTensor);
  if (inputs.some((x) => x.shape[0] !== 1)) {
    return {
      ok: false,
      problem: 'A data step of this pipeline left this input out (it drops some rows, such as rows with a missing value): fill in every value and try again.',
    };
  }
  return { ok: true, inputs };
}

/**
 * The one-row table: the input's values in their columns, and a placeholder value in every other
 * column (steps may read the target, or drop rows with a gap anywhere): zeros, the first category,
 * an empty text. Placeholders never reach a model input that the input names.
 */
function oneRowTable(columns: ColumnInfo[], input: ExampleInput, target: string | undefined): Table | { problem: string } {
  const given = new Map<string, string | number | null>(input.kind === 'row' ? input.cells.map((cell) => [cell.name, cell.value]) : []);
  const imageColumn = columns.find((c) => c.type === 'image');
  const textColumn = columns.find((c) => c.type === 'text' && c.name !== target);
  if (input.kind === 'image' && !imageColumn) return { problem: 'This model reads no image: its data has no image column.' };
  if (input.kind === 'text' && !textColumn) return { problem: 'This model reads no text: its data has no text column.' };
  const out: Column[] = [];
  for (const info of columns) {
    const value = info.name === target ? undefined : given.get(info.name);
    const { name } = info;
    switch (info.type) {
      case 'number': {
        if (typeof value === 'string') return { problem: `${name} must be a number, not "${value}".` };
        out.push({ name, type: 'number', values: Float64Array.of(value === null ? NaN : (value ?? 0)) });
        break;
      }
      case 'category': {
        const categories = info.categories ?? [];
        if (typeof value === 'number' || (typeof value === 'string' && !categories.includes(value))) {
          return { problem: `${name} is one of ${categories.join(', ')}, not "${value}".` };
        }
        out.push({ name, type: 'category', categories, values: [value === undefined ? (categories[0] ?? null) : value] });
        break;
      }
      case 'text': {
        const text = input.kind === 'text' && info === textColumn ? input.text : value;
        out.push({ name, type: 'text', values: [text === undefined ? '' : text === null ? null : String(text)] });
        break;
      }
      case 'image': {
        const shape = info.shape ?? [];
        if (input.kind === 'image' && info === imageColumn) {
          const [height, width, channels] = shape;
          if (input.height !== height || input.width !== width || input.channels !== channels) {
            return { problem: `The model reads ${width}x${height} images with ${channels} channel(s), not ${input.width}x${input.height} with ${input.channels}.` };
          }
          out.push({ name, type: 'image', shape, values: Float32Array.from(input.pixels) });
        } else {
          out.push({ name, type: 'image', shape, values: new Float32Array(size(shape)) });
        }
        break;
      }
      case 'series':
        out.push({ name, type: 'series', shape: info.shape ?? [], values: new Float32Array(size(info.shape ?? [])) });
        break;
    }
  }
  return { kind: 'table', rows: 1, columns: out, ordered: false };
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
