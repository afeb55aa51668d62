import { getNodeDefinition } from '@/nodes';
import type { AnyNodeDefinition } from '@/nodes/define-node';
import type { NodeVersions, PipelineDocument } from './document';
import { migrateToTables } from './migrate-to-tables';

/**
 * One step that brings a stored document from one version to the next. It receives the raw
 * value of the older version, not yet validated (it came from a file, a link or an old save),
 * so it must expect anything in it; the runner sets the new `version` after it.
 */
export interface DocumentMigration {
  /** Stable name, shown when the step fails. */
  id: string;
  up: (doc: Record<string, unknown>) => Record<string, unknown>;
}

/** `documentMigrations[i]` takes a document from version i + 1 to i + 2: there are `documentVersion - 1`. */
export const documentMigrations: DocumentMigration[] = [
  {
    // Version 1 recorded no node kind versions; every kind was at version 1 when it was written.
    id: 'document/2-node-versions',
    up: (doc) => {
      const nodes = Array.isArray(doc.nodes) ? (doc.nodes as unknown[]) : [];
      const kinds = nodes.flatMap((node) => (isRecord(node) && typeof node.kind === 'string' ? [node.kind] : []));
      return { ...doc, nodeVersions: Object.fromEntries(kinds.map((kind) => [kind, 1])) };
    },
  },
  { id: 'document/3-tables', up: migrateToTables },
];

/** A step that threw: which one, for the message. */
export interface MigrationFailure {
  ok: false;
  stepId: string;
  nodeId?: string;
}

/** Runs the document steps from version `from` up to `to`. */
export function migrateDocument(
  doc: Record<string, unknown>,
  from: number,
  to: number,
  steps: readonly DocumentMigration[] = documentMigrations,
): { ok: true; doc: Record<string, unknown> } | MigrationFailure {
  let current = doc;
  for (let version = from; version < to; version++) {
    const step = steps[version - 1];
    try {
      const next = step.up(current);
      if (!isRecord(next)) return { ok: false, stepId: step.id };
      current = { ...next, version: version + 1 };
    } catch {
      return { ok: false, stepId: step.id };
    }
  }
  return { ok: true, doc: current };
}

/** A node whose kind is newer than this app's: the document cannot be opened. */
export interface NewerNode {
  ok: false;
  newer: { nodeId: string; kind: string; stored: number; known: number };
}

/**
 * Brings every node's params up to its kind's current version. `versions` says which version
 * each kind's params were written for; a kind missing from it is taken as current (this app's own
 * saves), and a kind this app does not know is left as it is for compile() to report.
 */
export function migrateNodes(
  doc: PipelineDocument,
  versions: NodeVersions,
  lookup: (kind: string) => AnyNodeDefinition | undefined = getNodeDefinition,
): { ok: true; doc: PipelineDocument } | MigrationFailure | NewerNode {
  let changed = false;
  const nodes: PipelineDocument['nodes'] = [];
  for (const node of doc.nodes) {
    const def = lookup(node.kind);
    const stored = Object.hasOwn(versions, node.kind) ? versions[node.kind] : def?.version;
    if (!def || stored === undefined || stored === def.version) {
      nodes.push(node);
      continue;
    }
    if (stored > def.version) {
      return { ok: false, newer: { nodeId: node.id, kind: node.kind, stored, known: def.version } };
    }
    let params = node.params;
    for (let version = stored; version < def.version; version++) {
      const step = def.migrations?.[version - 1];
      if (!step) return { ok: false, stepId: `${node.kind}/${version + 1} (missing)`, nodeId: node.id };
      try {
        const next = step.up(params);
        if (!isRecord(next)) return { ok: false, stepId: step.id, nodeId: node.id };
        params = next;
      } catch {
        return { ok: false, stepId: step.id, nodeId: node.id };
      }
    }
    nodes.push({ ...node, params });
    changed = true;
  }
  return { ok: true, doc: changed ? { ...doc, nodes } : doc };
}

/** The kind versions to write beside `doc`: each kind it uses that this app knows. */
export function currentNodeVersions(
  doc: PipelineDocument,
  lookup: (kind: string) => AnyNodeDefinition | undefined = getNodeDefinition,
): NodeVersions {
  const versions: NodeVersions = {};
  for (const node of doc.nodes) {
    const def = lookup(node.kind);
    if (def) versions[node.kind] = def.version;
  }
  return versions;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
