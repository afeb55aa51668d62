import { freeSpot, type Rect } from '@/lib/layout/free-spot';
import { estimatedNodeBox } from '@/lib/layout/node-box';

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
 * learns from the training rows only. Each split the dataset feeds gets its own pair of new nodes;
 * a document without a split gets one pair straight after the dataset. Whatever else read the
 * dataset's features or labels directly (a layer, a loss wired around the split) reads the pair of
 * the dataset's first split, so its rows line up with the rest of the pipeline.
 *
 * The raw document is not validated yet, so anything may be missing from it or wrong in it. A
 * document whose node or wire list holds something that is not a node or a wire is left as it is:
 * it cannot open anyway, and validation must name the broken entry at the place the file has it.
 */
type Raw = Record<string, unknown>;
interface RawNode extends Raw {
  id: string;
  kind: string;
}
interface RawEdge extends Raw {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** The kinds of version 2 that transformed the features tensor, and so move after the split. */
const tensorSteps = new Set(['preprocess.normalize', 'preprocess.standardize']);

const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNode = (value: unknown): value is RawNode => isRecord(value) && typeof value.id === 'string' && typeof value.kind === 'string';
const isEdge = (value: unknown): value is RawEdge =>
  isRecord(value) && ['source', 'sourcePort', 'target', 'targetPort'].every((key) => typeof value[key] === 'string');

export function migrateToTables(doc: Raw): Raw {
  if (!Array.isArray(doc.nodes) || !Array.isArray(doc.edges)) return doc;
  if (!doc.nodes.every(isNode) || !doc.edges.every(isEdge)) return doc;
  const nodes: RawNode[] = doc.nodes;
  let edges: RawEdge[] = doc.edges;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ids = new Set(byId.keys());
  /** `<dataset id>-<what>`, unused, within the 100 characters an id may have (room kept for `-<n>`). */
  const freshId = (datasetId: string, what: string) => {
    const base = `${datasetId.slice(0, 100 - what.length - 8)}-${what}`;
    let id = base;
    for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
    ids.add(id);
    return id;
  };
  const kindOf = (id: string) => byId.get(id)?.kind;
  const isSplitInput = (e: RawEdge, port: string) => kindOf(e.target) === 'preprocess.split' && e.targetPort === port;
  const spots = layoutSpots(nodes);
  const added: RawNode[] = [];
  /** Tensor steps already moved after a split: a chain shared by two splits moves once. */
  const moved = new Set<string>();

  for (const dataset of nodes.filter((n) => n.kind === 'data.dataset')) {
    const from = (port: string) => edges.filter((e) => e.source === dataset.id && e.sourcePort === port);
    // Each split the dataset feeds, with the tensor steps between the dataset's features and it.
    const chains = new Map<string, string[]>();
    for (const start of from('features')) {
      const chain: string[] = [];
      for (let at: RawEdge | undefined = start; at; ) {
        if (isSplitInput(at, 'features')) {
          if (!chains.has(at.target) || chains.get(at.target)!.length === 0) chains.set(at.target, chain.filter((id) => !moved.has(id)));
          chain.forEach((id) => moved.add(id));
          break;
        }
        const next: string = at.target;
        if (chain.includes(next) || !tensorSteps.has(kindOf(next) ?? '')) break;
        chain.push(next);
        at = edges.find((e) => e.source === next && e.sourcePort === 'out');
      }
    }
    for (const e of from('labels')) if (isSplitInput(e, 'labels') && !chains.has(e.target)) chains.set(e.target, []);

    const pairs: { columns: string; target: string }[] = [];
    const addPair = (anchorId: string) => {
      const columns = spots.add(anchorId, { id: freshId(dataset.id, 'columns'), kind: 'preprocess.selectColumns', params: {} });
      const target = spots.add(anchorId, { id: freshId(dataset.id, 'target'), kind: 'preprocess.target', params: {} });
      added.push(columns, target);
      pairs.push({ columns: columns.id, target: target.id });
      return pairs.at(-1)!;
    };
    const rewired: RawEdge[] = [];
    const reroute = (source: string, port: string, to: { source: string; sourcePort: string }) => {
      edges = edges.filter((e) => {
        if (e.source !== source || e.sourcePort !== port) return true;
        rewired.push({ ...e, ...to });
        return false;
      });
    };
    for (const [split, chain] of chains) {
      const pair = addPair(split);
      // Into the split: the table, instead of features and labels.
      edges = edges.filter((e) => !(e.target === split && (e.targetPort === 'features' || e.targetPort === 'labels')));
      rewired.push({ source: dataset.id, sourcePort: 'table', target: split, targetPort: 'table' });
      rewired.push({ source: split, sourcePort: 'table', target: pair.columns, targetPort: 'table' });
      rewired.push({ source: split, sourcePort: 'table', target: pair.target, targetPort: 'table' });
      // The tensor steps now start at Select columns; what read the split's features reads their end.
      if (chain.length > 0) {
        edges = edges.filter((e) => !(e.target === chain[0] && e.targetPort === 'in'));
        rewired.push({ source: pair.columns, sourcePort: 'out', target: chain[0], targetPort: 'in' });
      }
      reroute(split, 'features', chain.length > 0 ? { source: chain.at(-1)!, sourcePort: 'out' } : { source: pair.columns, sourcePort: 'out' });
      reroute(split, 'labels', { source: pair.target, sourcePort: 'out' });
    }
    if (pairs.length === 0) {
      const pair = addPair(dataset.id);
      rewired.push({ source: dataset.id, sourcePort: 'table', target: pair.columns, targetPort: 'table' });
      rewired.push({ source: dataset.id, sourcePort: 'table', target: pair.target, targetPort: 'table' });
    }
    reroute(dataset.id, 'features', { source: pairs[0].columns, sourcePort: 'out' });
    reroute(dataset.id, 'labels', { source: pairs[0].target, sourcePort: 'out' });
    edges = [...edges, ...rewired];
  }
  return { ...doc, nodes: [...nodes, ...added], edges };
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const positionOf = (node: RawNode) =>
  isRecord(node.position) && finite(node.position.x) && finite(node.position.y) ? { x: node.position.x, y: node.position.y } : undefined;

/**
 * How many new nodes are placed by searching for free space beside the node they follow. The search
 * walks every node for each spot it tries, so past this many (a document with more datasets and
 * splits than anyone builds, or a hostile link) the rest go in a row below the drawing instead of
 * freezing the page.
 */
const searchedPlacements = 16;
const rowGap = 24;

/**
 * Places each new node beside the node it follows (right of it, else below, above...) in free
 * space, as the canvas places a node added from the palette, so none lands on a node already drawn.
 * A node without a readable position takes no room; validation reports it.
 */
function layoutSpots(nodes: RawNode[]) {
  const boxOf = (node: RawNode): Rect | undefined => {
    const position = positionOf(node);
    if (!position) return undefined;
    const { width, height } = estimatedNodeBox({ kind: node.kind, label: typeof node.label === 'string' ? node.label : undefined });
    return { ...position, width, height };
  };
  const taken = nodes.flatMap((n) => boxOf(n) ?? []);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let bottom = Math.max(0, ...taken.map((r) => r.y + r.height));
  return {
    add(anchorId: string, node: RawNode): RawNode & { position: { x: number; y: number } } {
      const anchor = byId.get(anchorId);
      const beside = (anchor && boxOf(anchor)) ?? { x: 0, y: 0, width: 0, height: 0 };
      const size = estimatedNodeBox(node);
      // The whole drawing counts as on screen: the nearest free spot wins, wherever the view was.
      const view = { x: -1e9, y: -1e9, width: 2e9, height: 2e9 };
      const position =
        taken.length - nodes.length < searchedPlacements
          ? freeSpot({ size, taken, view, beside, gap: rowGap }).position
          : { x: beside.x, y: bottom + rowGap };
      const placed = { ...node, position };
      taken.push({ ...position, width: size.width, height: size.height });
      bottom = Math.max(bottom, position.y + size.height);
      byId.set(placed.id, placed);
      return placed;
    },
  };
}
