import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Column, Table } from '@/lib/data/table';
import { loadTable } from '@/lib/datasets/load';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { datasetIds, type DatasetId } from '@/lib/datasets/catalog';
import type { PipelineDocument } from '@/lib/document/document';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { exportOf, tempDir, writeProject } from '../support/export-project';
import { exportVariants } from '../support/export-variants';
import { setParams } from '../support/pipeline';

/** The exported loaders read the npm packages the app's files come from: the same table, rows in the same order. */
const root = tempDir('pipeline-export-loaders-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Exported {
  loadData(): Promise<Table>;
}

const datasetNode = (doc: PipelineDocument) => doc.nodes.find((n) => n.kind === 'data.dataset')!;
const datasetOf = (doc: PipelineDocument) => datasetNode(doc).params.dataset;

/** A pipeline that reads `dataset`: a variant that does, or the XOR one on another point set (same columns). */
function pipelineReading(dataset: DatasetId): PipelineDocument {
  const variant = exportVariants.find((v) => datasetOf(v.doc) === dataset);
  if (variant) return variant.doc;
  const xor = exportVariants.find((v) => datasetOf(v.doc) === 'xor')!.doc;
  return setParams(xor, datasetNode(xor).id, { dataset });
}

async function exportedLoader(dataset: DatasetId, maxSamples: number | undefined, name: string): Promise<Exported> {
  const reading = pipelineReading(dataset);
  const doc = setParams(reading, datasetNode(reading).id, { maxSamples: undefined });
  const dir = writeProject(await exportOf(applyRunOverrides(doc, { maxSamples })), path.join(root, name));
  return (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'pipeline.ts')).href)) as Exported;
}

/** A column without its values, and the index of the first value that differs (-1: none); toEqual on 7.8 million floats is slow. */
function compared(actual: Column, expected: Column) {
  const { values: a, ...info } = actual;
  const { values: e } = expected;
  const firstDifference =
    a.length !== e.length ? Math.min(a.length, e.length) : Array.prototype.findIndex.call(a, (v: unknown, i: number) => !Object.is(v, e[i]));
  return { ...info, rows: a.length, firstDifference };
}

describe('exported loaders', () => {
  it.each(datasetIds.flatMap((id) => [[id, undefined], [id, 57]] as const))('%s, max samples %s: same table as loadTable()', async (id, maxSamples) => {
    const exported = await exportedLoader(id, maxSamples, `${id}-${maxSamples ?? 'all'}`);
    const actual = await exported.loadData();
    const expected = await loadTable(id, nodeReadFile, maxSamples);
    expect(actual.columns.map((c) => c.name)).toEqual(expected.columns.map((c) => c.name));
    expect(actual.columns.map((c, i) => compared(c, expected.columns[i]))).toEqual(
      expected.columns.map((c) => ({ ...compared(c, c), firstDifference: -1 })),
    );
    expect({ ...actual, columns: [] }).toEqual({ ...expected, columns: [] });
  }, 60_000);
});
