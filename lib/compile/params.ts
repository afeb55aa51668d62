import { getNodeDefinition } from '@/nodes';
import { testRows, validationRows } from '@/lib/data/steps/split';
import type { DataFacts } from '@/nodes/define-node';
import { fieldOf, fieldProblem, humanize, optionLabel } from '@/nodes/fields';
import { idsOf, theSplit, type CompileContext } from './context';

/**
 * Pass 1, params: every node gets its definition and its params parsed with their defaults, then
 * fields left empty for the node to pick get values that fit the data. Every later pass reads
 * `ctx.defs` and `ctx.params` only, so a node of an unknown kind or with bad params is reported
 * once, here, and is quietly left out of what the other passes can say about it.
 */
export function parseParams(ctx: CompileContext): void {
  const { defs, params, analysis, error, name } = ctx;
  for (const node of ctx.doc.nodes) {
    analysis.nodes[node.id] = { outputShapes: {} };
    const def = getNodeDefinition(node.kind);
    if (!def) {
      error({
        code: 'E_UNKNOWN_KIND',
        nodeId: node.id,
        message: `"${node.kind}" is not a node this version of the app knows.`,
        hint: 'Delete this node and add its replacement from the palette.',
      });
      continue;
    }
    defs.set(node.id, def);
    const parsed = def.params.safeParse(node.params);
    if (parsed.success) {
      params.set(node.id, parsed.data);
      analysis.nodes[node.id].params = parsed.data;
    } else {
      // One issue per field: zod may report several checks on one value (600.5 is both too big
      // and not whole), and the fix is the same, a value the field accepts.
      const fields = new Set<string>(parsed.error.issues.map((problem: { path: PropertyKey[] }) => String(problem.path[0] ?? '')));
      for (const fieldName of fields) {
        const field = fieldOf(def, fieldName);
        const label = field?.label ?? humanize(fieldName);
        error({
          code: 'E_PARAM',
          nodeId: node.id,
          field: fieldName,
          message: `${name(node.id)}: ${field ? fieldProblem(field, node.params[fieldName]) : `${label} has a value this node does not accept.`}`,
          hint:
            field?.defaultValue !== undefined
              ? `Change ${label} in the inspector, or clear it to use the default, ${field.type === 'enum' ? optionLabel(field, String(field.defaultValue)) : String(field.defaultValue)}.`
              : `Change ${label} in the inspector${field?.auto ? ', or clear it to have it picked for the data' : field?.optional ? ', or clear it' : ''}.`,
        });
      }
    }
  }

  // Fields left empty for the node to pick (an optimizer's epochs and learning rate) get values
  // that fit the data, before anything reads the params: the canvas, the inspector and the run
  // all see the same numbers.
  const data = dataFacts(ctx);
  for (const [id, def] of defs) {
    const p = params.get(id);
    if (!def.auto || !p) continue;
    const picked = Object.entries(def.auto(p, data)).filter(([field]) => p[field] === undefined);
    if (picked.length === 0) continue;
    const resolved = { ...p, ...Object.fromEntries(picked.map(([field, v]) => [field, v.value])) };
    params.set(id, resolved);
    analysis.nodes[id].params = resolved;
    analysis.nodes[id].auto = Object.fromEntries(picked);
  }
}

/**
 * The training data's size, when the pipeline has exactly one dataset whose settings parse: the
 * rows left after the split holds out validation and test rows, and the values per sample the
 * model usually reads (an image's pixels, else the number columns but the target).
 */
function dataFacts(ctx: CompileContext): DataFacts | undefined {
  const sources = idsOf(ctx, 'data');
  const p = sources.length === 1 ? ctx.params.get(sources[0]) : undefined;
  const source = p && ctx.defs.get(sources[0])?.source;
  if (!p || !source) return undefined;
  const table = source.table(p);
  if (table.rows === 0) return undefined;
  let samples = table.rows;
  const split = theSplit(ctx);
  const splitParams = split ? ctx.params.get(split) : undefined;
  if (splitParams) {
    const validation = validationRows(samples, splitParams.validationFraction as number);
    samples -= validation + testRows(samples, validation, splitParams.testFraction as number);
  }
  const whole = table.columns.find((c) => c.type === 'image' || c.type === 'series');
  const featureSize = whole ? (whole.shape ?? []).reduce((a, b) => a * b, 1) : table.columns.filter((c) => c.type === 'number' && c.name !== table.target).length;
  return { trainSamples: samples, featureSize: Math.max(1, featureSize) };
}
