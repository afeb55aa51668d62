import fc from 'fast-check';
import { documentVersion, type PipelineDocument, type PipelineEdge, type PipelineNode } from '@/lib/document/document';
import { nodeDefinitions } from '@/nodes';

/**
 * Documents as people (and hostile senders) make them: unicode, emoji, HTML and control
 * characters in names and labels; params of every JSON type. JSON has no -0 and zod drops a
 * `__proto__` key (it would set a prototype), so neither is generated: both cannot round-trip
 * through any JSON format, by design.
 */
const hostile = fc.constantFrom(
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"quoted" & \'single\' <b>bold</b>',
  '👩‍👩‍👧‍👦 🚀 ✨',
  'right-to-left \u202e override',
  'nul \u0000 and tab \t and newline \n',
  'lone surrogate \ud800',
  '#pipeline=1.abc',
  '%E2%9C%93 %',
);

const text = (maxLength: number) =>
  fc
    .oneof(
      fc.string({ maxLength: Math.min(maxLength, 60) }),
      fc.string({ unit: 'grapheme', maxLength: Math.min(maxLength, 30) }),
      fc.string({ unit: 'binary', maxLength: Math.min(maxLength, 30) }),
      hostile,
    )
    .filter((s) => s.length <= maxLength);

const nonEmpty = (maxLength: number) => text(maxLength).filter((s) => s.length > 0);

const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x || 0),
  fc.constantFrom(0.1, 1e-7, 1e21, Number.MAX_SAFE_INTEGER, -1),
);

const key = text(20).filter((k) => k !== '__proto__');

const { value: paramValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    text(80),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));

const kind = fc.oneof(fc.constantFrom(...nodeDefinitions.map((d) => d.kind)), nonEmpty(100));
const coordinate = fc.oneof(fc.integer({ min: -5000, max: 5000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x || 0));

const node = (id: string): fc.Arbitrary<PipelineNode> =>
  fc
    .record(
      {
        kind,
        params: fc.dictionary(key, paramValue, { maxKeys: 5 }),
        position: fc.record({ x: coordinate, y: coordinate }),
        label: text(100),
      },
      { requiredKeys: ['kind', 'params', 'position'] },
    )
    .map((n) => ({ id, ...n }));

export const documentArbitrary: fc.Arbitrary<PipelineDocument> = fc
  .uniqueArray(nonEmpty(100), { maxLength: 8 })
  .chain((ids) =>
    fc.record({
      version: fc.constant(documentVersion),
      name: nonEmpty(200),
      description: text(500),
      nodes: ids.length ? fc.tuple(...ids.map(node)) : fc.constant([] as PipelineNode[]),
      edges: fc.array(
        fc.record<PipelineEdge>({
          source: ids.length ? fc.constantFrom(...ids) : nonEmpty(100),
          sourcePort: nonEmpty(100),
          target: ids.length ? fc.constantFrom(...ids) : nonEmpty(100),
          targetPort: nonEmpty(100),
        }),
        { maxLength: 10 },
      ),
    }),
  );

/** Every path to a value inside `value`, so a mutation can pick any of them. */
function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [path];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [path, ...keys.flatMap((k) => pathsOf((value as Record<string | number, unknown>)[k], [...path, k]))];
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (remove) delete parent[last];
  else parent[last] = value;
  return copy;
}

/**
 * A stored document (what a file or a link holds, as parsed JSON) changed the ways a damaged,
 * hand-edited, old, future or hostile one would be: wrong versions, fields removed or set to
 * any JSON value, and fields far over their caps.
 */
export function mutatedStored(bases: unknown[]): fc.Arbitrary<unknown> {
  const withPaths = bases.map((base) => ({ base, paths: pathsOf(base) }));
  const anyJson = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...withPaths), fc.oneof(fc.integer({ min: -3, max: documentVersion + 3 }), anyJson))
      .map(([{ base }, version]) => ({ ...(base as object), version })),
    fc
      .tuple(fc.constantFrom(...withPaths), fc.nat(), anyJson)
      .map(([{ base, paths }, pick, value]) => setAt(base, paths[pick % paths.length], value)),
    fc
      .tuple(fc.constantFrom(...withPaths), fc.nat())
      .map(([{ base, paths }, pick]) => setAt(base, paths[pick % paths.length], undefined, true)),
    fc
      .tuple(fc.constantFrom(...withPaths), fc.constantFrom('name', 'description', 'label', 'param', 'nodes', 'edges', 'kinds'), fc.integer({ min: 1, max: 20_000 }))
      .map(([{ base }, field, size]) => oversize(base as Record<string, any>, field, size)),
  );
}

function oversize(base: Record<string, any>, field: string, size: number): unknown {
  const doc = structuredClone(base);
  const long = 'x'.repeat(size);
  const first = doc.nodes[0] ?? { id: 'a', kind: 'layer.dense', params: {}, position: { x: 0, y: 0 } };
  switch (field) {
    case 'name':
    case 'description':
      doc[field] = long;
      break;
    case 'label':
      doc.nodes = [{ ...first, label: long }, ...doc.nodes.slice(1)];
      break;
    case 'param':
      doc.nodes = [{ ...first, params: { ...first.params, text: long } }, ...doc.nodes.slice(1)];
      break;
    case 'nodes':
      doc.nodes = Array.from({ length: Math.min(size, 600) }, (_, i) => ({ ...first, id: `n${i}` }));
      break;
    case 'edges':
      doc.edges = Array.from({ length: Math.min(size, 600) }, () => doc.edges[0] ?? { source: 'a', sourcePort: 'o', target: 'b', targetPort: 'i' });
      break;
    case 'kinds':
      doc.nodeVersions = { ...doc.nodeVersions, [first.kind]: size };
      break;
  }
  return doc;
}
