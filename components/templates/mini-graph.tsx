import { getNodeDefinition } from '@/nodes';
import type { PipelineDocument } from '@/lib/document/document';
import { categoryColor } from '@/components/ui/theme';

const frame = 'h-[92px] w-full rounded-lg bg-zinc-950/70';

/** A thumbnail of a pipeline's graph, drawn from its own node positions. */
export function MiniGraph({ doc }: { doc: PipelineDocument }) {
  if (doc.nodes.length === 0) {
    return (
      <div className={`${frame} flex items-center justify-center text-[11.5px] text-zinc-600`} aria-hidden="true">
        No nodes
      </div>
    );
  }
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const w = Math.max(...xs) - minX + 230;
  const h = Math.max(...ys) - minY + 120;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  return (
    <svg viewBox={`${minX - 20} ${minY - 20} ${w + 40} ${h + 40}`} className={frame} aria-hidden="true" data-testid="mini-graph">
      {doc.edges.map((e, i) => {
        const a = byId.get(e.source);
        const b = byId.get(e.target);
        if (!a || !b) return null;
        const x1 = a.position.x + 220;
        const y1 = a.position.y + 50;
        const x2 = b.position.x;
        const y2 = b.position.y + 50;
        const dx = Math.max(60, Math.abs(x2 - x1) / 2);
        return (
          <path key={i} d={`M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`} fill="none" stroke="#3f3f46" strokeWidth={8} />
        );
      })}
      {doc.nodes.map((n) => {
        const def = getNodeDefinition(n.kind);
        const color = def ? categoryColor[def.category] : '#71717a';
        return (
          <g key={n.id}>
            <rect x={n.position.x} y={n.position.y} width={220} height={100} rx={18} fill="#18181b" stroke={color} strokeWidth={6} />
            <rect x={n.position.x + 24} y={n.position.y + 30} width={120} height={16} rx={8} fill={color} opacity={0.8} />
          </g>
        );
      })}
    </svg>
  );
}
