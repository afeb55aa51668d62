/**
 * Document version 3 made every dataset a table: the Dataset node gives one `table` output, the
 * split divides the table's rows, and two new nodes turn the table into what the model and the
 * loss read (Select columns -> features, Target column -> labels). This rewires a version-2
 * document to match, keeping what it meant:
 *
 *   Dataset.features -> [tensor preprocessing] -> Split.features -> layers
 *   Dataset.labels ------------------------------> Split.labels   -> loss, metrics
 * becomes
 *   Dataset.table -> Split.table -> Select columns -> [tensor preprocessing] -> layers
 *                               \-> Target column ---------------------------> loss, metrics
 *
 * Tensor preprocessing before the split (Normalize, Standardize) moves after it, where it now
 * learns from the training rows only. A document without a split gets the two new nodes straight
 * after the dataset. The raw document is not validated yet, so anything may be missing from it.
 */
type Raw = Record<string, unknown>;
interface RawNode extends Raw {
  id: string;
  kind: string;
  position?: { x: number; y: number };
}
interface RawEdge {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNode = (value: unknown): value is RawNode => isRecord(value) && typeof value.id === 'string' && typeof value.kind === 'string';
const isEdge = (value: unknown): value is RawEdge =>
  isRecord(value) && ['source', 'sourcePort', 'target', 'targetPort'].every((key) => typeof value[key] === 'string');

export function migrateToTables(doc: Raw): Raw {
  // A malformed node or wire is left for validation to name (E_NOT_PIPELINE): dropping it here
  // would open a different pipeline than the one saved, without a word.
  if (!Array.isArray(doc.nodes) || !Array.isArray(doc.edges) || !doc.nodes.every(isNode) || !doc.edges.every(isEdge)) return doc;
  const nodes: RawNode[] = doc.nodes;
  let edges: RawEdge[] = doc.edges;
  const ids = new Set(nodes.map((n) => n.id));
  const freshId = (base: string) => {
    let id = base;
    for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
    ids.add(id);
    return id;
  };
  const kindOf = (id: string) => nodes.find((n) => n.id === id)?.kind;
  const added: RawNode[] = [];

  for (const dataset of nodes.filter((n) => n.kind === 'data.dataset')) {
    const from = (port: string) => edges.filter((e) => e.source === dataset.id && e.sourcePort === port);
    const labelsSplit = from('labels').find((e) => kindOf(e.target) === 'preprocess.split' && e.targetPort === 'labels')?.target;
    // The tensor preprocessing between the dataset's features and the split, in flow order.
    const chain: string[] = [];
    let split: string | undefined;
    for (let at = from('features')[0]; at; ) {
      if (kindOf(at.target) === 'preprocess.split' && at.targetPort === 'features') {
        split = at.target;
        break;
      }
      if (chain.includes(at.target) || !kindOf(at.target)?.startsWith('preprocess.')) break;
      chain.push(at.target);
      at = edges.find((e) => e.source === at!.target && e.sourcePort === 'out')!;
    }
    if (!split || (labelsSplit && labelsSplit !== split)) {
      split = labelsSplit;
      chain.length = 0;
    }
    const anchor = nodes.find((n) => n.id === (split ?? dataset.id))?.position ?? { x: 0, y: 0 };
    const columns: RawNode = {
      id: freshId(`${dataset.id}-columns`),
      kind: 'preprocess.selectColumns',
      params: {},
      position: { x: anchor.x, y: anchor.y + 150 },
    };
    const target: RawNode = { id: freshId(`${dataset.id}-target`), kind: 'preprocess.target', params: {}, position: { x: anchor.x, y: anchor.y + 300 } };
    added.push(columns, target);
    const rewired: RawEdge[] = [];
    const reroute = (source: string, port: string, to: { source: string; sourcePort: string }) => {
      edges = edges.filter((e) => {
        if (e.source !== source || e.sourcePort !== port) return true;
        rewired.push({ ...e, ...to });
        return false;
      });
    };
    if (split) {
      // Into the split: the table, instead of features and labels.
      edges = edges.filter((e) => !(e.target === split && (e.targetPort === 'features' || e.targetPort === 'labels')));
      rewired.push({ source: dataset.id, sourcePort: 'table', target: split, targetPort: 'table' });
      rewired.push({ source: split, sourcePort: 'table', target: columns.id, targetPort: 'table' });
      rewired.push({ source: split, sourcePort: 'table', target: target.id, targetPort: 'table' });
      // The preprocessing chain now starts at Select columns; what read the split's features reads its end.
      if (chain.length > 0) {
        edges = edges.filter((e) => !(e.source === dataset.id && e.sourcePort === 'features' && e.target === chain[0]));
        rewired.push({ source: columns.id, sourcePort: 'out', target: chain[0], targetPort: 'in' });
      }
      reroute(split, 'features', chain.length > 0 ? { source: chain.at(-1)!, sourcePort: 'out' } : { source: columns.id, sourcePort: 'out' });
      reroute(split, 'labels', { source: target.id, sourcePort: 'out' });
    } else {
      rewired.push({ source: dataset.id, sourcePort: 'table', target: columns.id, targetPort: 'table' });
      rewired.push({ source: dataset.id, sourcePort: 'table', target: target.id, targetPort: 'table' });
    }
    // Whatever else read the dataset directly reads the new nodes (compile says if that bypasses the split).
    reroute(dataset.id, 'features', { source: columns.id, sourcePort: 'out' });
    reroute(dataset.id, 'labels', { source: target.id, sourcePort: 'out' });
    edges = [...edges, ...rewired];
  }
  return { ...doc, nodes: [...nodes, ...added], edges };
}
