import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { PipelineDocument } from '@/lib/document/document';
import { describeTensor } from '@/lib/data/stats';
import type { Table } from '@/lib/data/table';
import { loadSourceTable } from '@/lib/datasets/source';
import { nodeSourceReaders } from '@/lib/datasets/node-files';
import { prepareRun } from '@/lib/engine/train';
import { previewPlan } from '@/lib/preview/plan';
import { runPreview } from '@/lib/preview/run';
import type { PreviewPlan } from '@/lib/preview/protocol';
import { templates } from '@/lib/templates';

/** Previews run the data stage up to one node, on the rows and with the statistics a run would use. */

const iris = templates.find((t) => t.id === 'iris-mlp')!.document;

function planOf(doc: PipelineDocument, nodeId: string): PreviewPlan {
  const outcome = previewPlan(doc, compile(doc), nodeId);
  if (!outcome.ok) throw new Error(`No plan: ${outcome.message}`);
  return outcome.plan;
}

function refusalOf(doc: PipelineDocument, nodeId: string) {
  const outcome = previewPlan(doc, compile(doc), nodeId);
  if (outcome.ok) throw new Error('Expected the preview to be refused');
  return outcome;
}

const load = (plan: PreviewPlan): Promise<Table> => loadSourceTable(plan.source, nodeSourceReaders);

/** The iris template with only its data nodes: no layers, loss, optimizer or metric. */
function dataOnly(doc: PipelineDocument): PipelineDocument {
  const keep = new Set(['dataset', 'split', 'measurements', 'species', 'standardize']);
  return { ...doc, nodes: doc.nodes.filter((n) => keep.has(n.id)), edges: doc.edges.filter((e) => keep.has(e.source) && keep.has(e.target)) };
}

describe('previewPlan', () => {
  it('previews a data node on every row, with its usual target for the class balance', async () => {
    const plan = planOf(iris, 'dataset');
    expect(plan.steps).toEqual([]);
    expect(plan.rows).toBe('all');
    expect(plan.source).toMatchObject({ source: 'builtin', dataset: 'iris' });
    expect(plan.outputs).toEqual([{ key: 'dataset.table', label: 'table', type: 'table', target: 'species' }]);
    const result = runPreview(plan, await load(plan));
    expect(result.split).toBeUndefined();
    const [output] = result.outputs;
    if (output.kind !== 'table') throw new Error(`Expected a table, got ${output.kind}`);
    expect(output.preview.rows).toBe(150);
    expect(output.preview.head).toHaveLength(20);
    expect(output.preview.classBalance?.shares.map((s) => s.count)).toEqual([50, 50, 50]);
  });

  it('runs the steps up to the node in flow order, and after the split on the training rows only', async () => {
    const plan = planOf(iris, 'standardize');
    expect(plan.steps.map((s) => s.id)).toEqual(['split', 'measurements', 'standardize']);
    expect(plan.steps.map((s) => s.inputs)).toEqual([['dataset.table'], ['split.table'], ['measurements.out']]);
    expect(plan.rows).toBe('train');
    const result = runPreview(plan, await load(plan));
    expect(result.split).toEqual({ train: 120, validation: 30, test: 0 });
    const [output] = result.outputs;
    if (output.kind !== 'tensor') throw new Error(`Expected a tensor, got ${output.kind}`);
    expect(output.preview.shape).toEqual([120, 4]);
  });

  it('shows what Standardize did: its output has mean 0 and standard deviation 1, its input does not', async () => {
    const before = planOf(iris, 'measurements');
    const after = planOf(iris, 'standardize');
    const table = await load(after);
    const [input] = runPreview(before, table).outputs;
    const [output] = runPreview(after, table).outputs;
    if (input.kind !== 'tensor' || output.kind !== 'tensor') throw new Error('Expected tensors');
    expect(input.preview.values.mean).toBeGreaterThan(3);
    expect(output.preview.values.mean).toBeCloseTo(0, 5);
    expect(output.preview.values.std).toBeCloseTo(1, 2);
  });

  it('gives exactly the training rows and fitted values a run trains on', async () => {
    const compiled = compile(iris);
    if (!compiled.ok) throw new Error('The iris template should compile');
    const plan = planOf(iris, 'standardize');
    const table = await load(plan);
    const [output] = runPreview(plan, table).outputs;
    expect(output.preview).toEqual(describeTensor(prepareRun(compiled.spec, table).train.inputs[0]));
  });

  it('previews a pipeline that does not compile yet (no model, loss or optimizer) when the path to the node is sound', async () => {
    const doc = dataOnly(iris);
    expect(compile(doc).ok).toBe(false);
    const plan = planOf(doc, 'standardize');
    // No optimizer: the default seed, which the template's optimizer also uses, so the same split and the same rows.
    const whole = planOf(iris, 'standardize');
    expect(plan.steps[0]).toEqual(whole.steps[0]);
    const table = await load(plan);
    expect(runPreview(plan, table)).toEqual(runPreview(whole, table));
  });

  it('previews the labels of a Target column node as a class balance over the training rows', async () => {
    const plan = planOf(dataOnly(iris), 'species');
    const [output] = runPreview(plan, await load(plan)).outputs;
    if (output.kind !== 'target' || output.preview.kind !== 'classes') throw new Error('Expected class labels');
    expect(output.preview.rows).toBe(120);
    expect(output.preview.balance.reduce((n, s) => n + s.count, 0)).toBe(120);
  });

  it('says in words which node to fix when the path to the node is broken', () => {
    const badColumns: PipelineDocument = {
      ...iris,
      nodes: iris.nodes.map((n) => (n.id === 'measurements' ? { ...n, params: { columns: 'petal_size' } } : n)),
    };
    const broken = refusalOf(badColumns, 'standardize');
    expect(broken.message).toMatch(/^Fix the problems on Select columns first: .*petal_size/);
    expect(broken.hint.length).toBeGreaterThan(0);

    const unwired: PipelineDocument = { ...iris, edges: iris.edges.filter((e) => !(e.source === 'split' && e.target === 'measurements')) };
    expect(refusalOf(unwired, 'standardize').message).toMatch(/^Fix the problems on Select columns first: /);

    const alone: PipelineDocument = { ...iris, nodes: [...iris.nodes, { id: 'lonely', kind: 'preprocess.normalize', params: {}, position: { x: 0, y: 900 } }] };
    expect(refusalOf(alone, 'lonely').message).toMatch(/^Fix the problems on Normalize first: /);

    expect(refusalOf(iris, 'hidden').message).toBe('Dense (hidden) is not a data or preprocessing node, so it has no rows to show.');
    expect(refusalOf(iris, 'gone').message).toBe('This node is no longer on the canvas.');
  });

  it('previews an upload only once its file is chosen', () => {
    const doc: PipelineDocument = {
      ...iris,
      nodes: iris.nodes.map((n) => (n.id === 'dataset' ? { ...n, kind: 'data.images', params: {} } : n)),
    };
    expect(refusalOf(doc, 'dataset')).toMatchObject({ message: expect.stringMatching(/^Fix the problems on Image folder first: .*no images yet/), hint: expect.stringMatching(/Pick a folder/) });
  });
});
