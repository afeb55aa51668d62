import { categories, nodeDefinitions } from '@/nodes';
import type { AnyNodeDefinition, PortDefinition } from '@/nodes/define-node';
import { defaultLabel, fieldsOf, type FieldSpec } from '@/nodes/fields';

/**
 * The README's node catalogue, written from the registry so it cannot drift from the nodes:
 * `npm run catalogue` (scripts/node-catalogue.ts) puts it between the two markers, and a unit
 * test fails while the README holds anything else there.
 */
export const catalogueStart = '<!-- node-catalogue:start (written by npm run catalogue; edit nodes/, not this) -->';
export const catalogueEnd = '<!-- node-catalogue:end -->';
export const catalogueCommand = 'npm run catalogue';

const definitions = nodeDefinitions as readonly AnyNodeDefinition[];

/** One Markdown table per category, in palette order. */
export function nodeCatalogue(defs: readonly AnyNodeDefinition[] = definitions): string {
  const sections = categories.flatMap((category) => {
    const inCategory = defs.filter((d) => d.category === category.id);
    if (inCategory.length === 0) return [];
    return [
      [
        `### ${category.label} (${inCategory.length})`,
        '',
        '| Node | Kind | What it does | Inputs → outputs | Parameters (default) |',
        '|---|---|---|---|---|',
        ...inCategory.map(row),
      ].join('\n'),
    ];
  });
  return `${defs.length} node kinds, in the palette's order.\n\n${sections.join('\n\n')}\n`;
}

function row(def: AnyNodeDefinition): string {
  const cells = [`**${cell(def.ui.label)}**`, `\`${def.kind}\``, cell(def.ui.description), `${ports(def.inputs)} → ${ports(def.outputs)}`, params(fieldsOf(def))];
  return `| ${cells.join(' | ')} |`;
}

function ports(list: PortDefinition[]): string {
  return list.length === 0 ? '–' : list.map((p) => `${cell(p.label)} (${p.type})`).join(', ');
}

function params(fields: FieldSpec[]): string {
  if (fields.length === 0) return '–';
  const shown = fields.filter((f) => !f.hidden).map((f) => `\`${f.name}\` ${cell(defaultLabel(f))}${range(f)}`);
  // Fields the form does not show (an upload's schema) are set by picking a file.
  const hidden = fields.filter((f) => f.hidden).map((f) => `\`${f.name}\``);
  return [...shown, ...(hidden.length > 0 ? [`set by the upload: ${hidden.join(', ')}`] : [])].join('<br>');
}

/** A number field's bounds, short enough for a table cell: " (1–512)", " (≥ 1)", " (> 0–10)". */
function range(field: FieldSpec): string {
  const { min, max, exclusiveMin } = field;
  if ((field.type !== 'number' && field.type !== 'integer') || (min === undefined && max === undefined)) return '';
  const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 6 });
  if (min !== undefined && max !== undefined) return ` (${exclusiveMin ? '> ' : ''}${n(min)}–${n(max)})`;
  return min !== undefined ? ` (${exclusiveMin ? '>' : '≥'} ${n(min)})` : ` (≤ ${n(max!)})`;
}

/** Text safe inside a Markdown table cell: a pipe or a line break would end it. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** `readme` with the catalogue between its markers, or undefined when the markers are missing. */
export function withCatalogue(readme: string, catalogue: string): string | undefined {
  const start = readme.indexOf(catalogueStart);
  const end = readme.indexOf(catalogueEnd);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + catalogueStart.length)}\n\n${catalogue}\n${readme.slice(end)}`;
}
