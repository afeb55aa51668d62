import { describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import { datasetIds, datasets } from '@/lib/datasets/catalog';
import { documentVersion, type PipelineDocument } from '@/lib/document/document';
import { digitCnn } from '@/lib/templates/digit-cnn';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition } from '@/nodes/define-node';
import { defaultLabel, fieldOf, fieldShown, fieldsOf, type FieldSpec } from '@/nodes/fields';
import { issuesWith, removeEdge, setParams } from '../support/pipeline';

/** Values a person could type or a hand-edited file could hold that the field must refuse. */
function badValues(field: FieldSpec): unknown[] {
  switch (field.type) {
    case 'enum':
      return ['nonsense', 3];
    case 'boolean':
      return ['yes', 1];
    case 'text':
      return [7];
    default: {
      const values: unknown[] = ['abc', null];
      if (field.min !== undefined) values.push(field.exclusiveMin ? field.min : field.min - 1);
      if (field.max !== undefined) values.push(field.max + 1, field.max + 0.5);
      if (field.type === 'integer' && field.min !== undefined && field.max !== undefined) values.push(field.min + 0.5);
      return values;
    }
  }
}

const oneNode = (def: AnyNodeDefinition, params: Record<string, unknown>): PipelineDocument => ({
  version: documentVersion,
  name: 'one node',
  description: '',
  nodes: [{ id: 'n', kind: def.kind, params, position: { x: 0, y: 0 } }],
  edges: [],
});

const cases = nodeDefinitions.flatMap((d) => {
  const def = d as AnyNodeDefinition;
  return fieldsOf(def).flatMap((field) => badValues(field).map((value) => [`${def.kind} ${field.name} = ${JSON.stringify(value)}`, def, field, value] as const));
});

describe('a rejected setting is explained in words, for every field of every node', () => {
  it('covers every numeric, whole-number, choice and text field in the registry', () => {
    const kinds = new Set(cases.map(([, , field]) => field.type));
    expect([...kinds].sort()).toEqual(['boolean', 'enum', 'integer', 'number', 'text']);
    expect(cases.length).toBeGreaterThan(60);
  });

  it.each(cases)('%s', (_name, def, field, value) => {
    const issues = issuesWith(compile(oneNode(def, { [field.name]: value })), 'E_PARAM');
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue.field).toBe(field.name);
    for (const text of [issue.message, issue.hint]) {
      expect(text).not.toMatch(/invalid input|expected|received|too (big|small)|NaN|undefined/i);
      // No schema names such as "kernelSize" or "learningRate": people read labels.
      expect(text).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b/);
      expect(text).toContain(field.label);
    }
    expect(issue.message).toMatch(new RegExp(`^${def.ui.label.replace(/[/]/g, '\\/')}: ${field.label} must be `));
  });

  it('says the label and the allowed range, as the issue asks', () => {
    const [issue] = issuesWith(compile(setParams(digitCnn, 'conv', { filters: 'many' })), 'E_PARAM');
    expect(issue.message).toBe('Conv2D: Filters must be a whole number from 1 to 512, not "many".');
    expect(issue.hint).toBe('Change Filters in the inspector, or clear it to use the default, 8.');
    const [rate] = issuesWith(compile(setParams(digitCnn, 'optimizer', { learningRate: 0 })), 'E_PARAM');
    expect(rate.message).toBe('Adam: Learning rate must be a number above 0, up to 10, not 0.');
  });

  it('names dataset choices by their labels, not their ids', () => {
    const [issue] = issuesWith(compile(setParams(digitCnn, 'dataset', { dataset: 'cifar' })), 'E_PARAM');
    expect(issue.message).toBe(
      'Dataset: Dataset must be one of MNIST digits, Iris flowers, Palmer penguins, Auto MPG, Seattle weather, Spam e-mails, Two spirals, XOR, Circles, Waveforms or Ratings, not "cifar".',
    );
    expect(issue.hint).toContain('MNIST digits');
  });

  it('reports a value that fails two checks (too big and not whole) once', () => {
    expect(issuesWith(compile(setParams(digitCnn, 'conv', { filters: 600.5 })), 'E_PARAM')).toHaveLength(1);
  });
});

describe('fieldsOf', () => {
  it('reads option labels declared with the params', () => {
    const dataset = nodeDefinitions.find((d) => d.kind === 'data.dataset') as AnyNodeDefinition;
    const field = fieldsOf(dataset).find((f) => f.name === 'dataset')!;
    // The catalogue's ids, in its order, each named by its catalogue label.
    expect(field.options).toEqual([...datasetIds]);
    expect(field.optionLabels).toEqual(Object.fromEntries(datasetIds.map((id) => [id, datasets[id].label])));
    expect(field.optionLabels).toMatchObject({ mnist: 'MNIST digits', iris: 'Iris flowers' });
  });

  it('every field shown only for some choices names a field of its node, and values that field can hold', () => {
    for (const d of nodeDefinitions) {
      const fields = fieldsOf(d as AnyNodeDefinition);
      for (const field of fields.filter((f) => f.shownWhen)) {
        for (const [name, values] of Object.entries(field.shownWhen!)) {
          const other = fields.find((f) => f.name === name);
          expect(other, `${d.kind}.${field.name} depends on ${name}`).toBeDefined();
          const possible = other!.type === 'boolean' ? [true, false] : other!.options;
          for (const value of values) expect(possible, `${d.kind}.${field.name}: ${name} = ${String(value)}`).toContain(value);
        }
      }
    }
  });
});

describe('fieldShown', () => {
  const adam = nodeDefinitions.find((d) => d.kind === 'optimizer.adam') as AnyNodeDefinition;
  const shown = (params: Record<string, unknown>) =>
    fieldsOf(adam)
      .filter((f) => fieldShown(f, fieldsOf(adam), params))
      .map((f) => f.name);

  it('hides the settings of a schedule or of early stopping that is not chosen, reading defaults for fields left empty', () => {
    const always = ['learningRate', 'epochs', 'batchSize', 'schedule', 'clipNorm', 'earlyStopping', 'seed'];
    expect(shown({})).toEqual(always);
    expect(shown({ schedule: 'step' })).toEqual(['learningRate', 'epochs', 'batchSize', 'schedule', 'decayRate', 'decayEpochs', 'clipNorm', 'earlyStopping', 'seed']);
    expect(shown({ schedule: 'cosine' })).toContain('minLearningRate');
    expect(shown({ schedule: 'cosine' })).not.toContain('decayRate');
    expect(shown({ earlyStopping: true })).toEqual([...always.slice(0, -1), 'monitor', 'patience', 'restoreBestWeights', 'seed']);
  });
});

describe('a missing input is explained by what should feed it', () => {
  const templates = { digitCnn, irisMlp };
  const missing = Object.entries(templates).flatMap(([template, doc]) =>
    doc.edges.map((e) => [`${template}: ${e.source}.${e.sourcePort} -> ${e.target}.${e.targetPort}`, doc, e] as const),
  );

  it.each(missing)('%s', (_name, doc, e) => {
    const result = compile(removeEdge(doc, `${e.source}.${e.sourcePort}`, `${e.target}.${e.targetPort}`));
    const [issue] = issuesWith(result, 'E_MISSING_INPUT');
    expect(issue).toMatchObject({ nodeId: e.target, portId: e.targetPort });
    const target = doc.nodes.find((n) => n.id === e.target)!;
    const label = nodeDefinitions.find((d) => d.kind === target.kind)!.ui.label;
    // Never "connect the labels of the split" to the split itself.
    expect(issue.hint).not.toContain(label);
    const source = doc.nodes.find((n) => n.id === e.source)!;
    const provider = source.kind === 'preprocess.split' ? 'Train/validation split' : source.kind === 'data.dataset' ? 'dataset' : undefined;
    if (provider) expect(issue.hint).toContain(provider);
  });
});

describe('defaultLabel', () => {
  const def = (kind: string) => nodeDefinitions.find((d) => d.kind === kind) as AnyNodeDefinition;
  it('says what an untouched field holds: its default, auto, or empty', () => {
    expect(defaultLabel(fieldOf(def('layer.dense'), 'units')!)).toBe('32');
    expect(defaultLabel(fieldOf(def('layer.dense'), 'useBias')!)).toBe('true');
    expect(defaultLabel(fieldOf(def('layer.conv2d'), 'padding')!)).toBe('valid');
    expect(defaultLabel(fieldOf(def('optimizer.adam'), 'learningRate')!)).toBe('auto');
    expect(defaultLabel(fieldOf(def('data.dataset'), 'maxSamples')!)).toBe('empty');
  });
});
