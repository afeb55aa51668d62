/**
 * Building blocks of the exported TypeScript. Generated code is assembled from `Code` values
 * only; anything else interpolated into the `ts` tag becomes a literal, so a value a person typed
 * (a node label, the pipeline's name, a param string) can only ever end up as inert text inside
 * a string literal or a comment, never as code: quotes, backslashes, backticks, `${`, `*\/`,
 * newlines and U+2028/U+2029 cannot break out.
 */

/** A fragment of TypeScript source. Only this module and the `ts` tag make them. */
export class Code {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What may be interpolated into `ts`: code as it is, everything else as a literal. */
export type CodeValue = Code | string | number | boolean | null | undefined | readonly CodeValue[] | { readonly [key: string]: CodeValue };

/**
 * Tagged template for code: `ts\`tf.layers.dense({ units: ${p.units} })\``. Strings become string
 * literals, numbers number literals, arrays and plain objects array and object literals.
 */
export function ts(strings: TemplateStringsArray, ...values: CodeValue[]): Code {
  let text = strings[0];
  values.forEach((value, i) => {
    text += literal(value).text + strings[i + 1];
  });
  return new Code(text);
}

/** Joins fragments with a separator (a newline by default). */
export function joinCode(parts: readonly Code[], separator = '\n'): Code {
  return new Code(parts.map((p) => p.text).join(separator));
}

/** Code as written, for fixed text from this app's own source (never for user input). */
export function raw(text: string): Code {
  return new Code(text);
}

/** A value as a TypeScript literal. */
export function literal(value: CodeValue): Code {
  if (value instanceof Code) return value;
  if (value === undefined) return new Code('undefined');
  if (value === null) return new Code('null');
  if (typeof value === 'string') return new Code(stringLiteral(value));
  if (typeof value === 'number') return new Code(numberLiteral(value));
  if (typeof value === 'boolean') return new Code(String(value));
  if (Array.isArray(value)) return new Code(`[${value.map((v) => literal(v).text).join(', ')}]`);
  const entries = Object.entries(value as Record<string, CodeValue>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return new Code('{}');
  return new Code(`{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${literal(v).text}`).join(', ')} }`);
}

/**
 * A single-quoted string literal. JSON.stringify escapes quotes, backslashes and control
 * characters; U+2028 and U+2029 are escaped too, so the literal stays on one line for every
 * tool that reads it.
 */
export function stringLiteral(text: string): string {
  const json = JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/'/g, "\\'")
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${json}'`;
}

function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`Generated code cannot hold the number ${n}.`);
  return Object.is(n, -0) ? '0' : String(n);
}

/** A plain ASCII identifier, usable as a name or a property key without quotes. */
export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text);
}

function propertyKey(key: string): string {
  return isIdentifier(key) ? key : stringLiteral(key);
}

/** Text on one line with every line terminator (and the tab-like separators) made a space. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029\u0085\v\f]+/g, ' ').trim();
}

/** A `//` comment: whatever the text holds, it cannot end the comment early. */
export function lineComment(text: string): Code {
  return new Code(`// ${oneLine(text)}`);
}

/**
 * A `/** ... *\/` comment, one line of the comment per entry of `lines` (each is kept on one
 * line). A `*\/` inside the text is broken up, so it cannot close the comment.
 */
export function docComment(lines: readonly string[]): Code {
  const body = lines.map((line) => oneLine(line).replace(/\*\//g, '*\\/'));
  if (body.length === 1) return new Code(`/** ${body[0]} */`);
  return new Code(['/**', ...body.map((l) => (l ? ` * ${l}` : ' *')), ' */'].join('\n'));
}

/** Words TypeScript reserves, or that the generated program itself declares, which a name made from a node id must avoid. */
const taken = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield any boolean constructor declare get module require number set string symbol type from of async await ' +
    'undefined NaN Infinity arguments eval tf input model data'
  ).split(' '),
);

/**
 * A camelCase variable name made from a node id ("dense-2" -> dense2), unique among `used`
 * (which it is added to). Only ASCII letters and digits survive, so the name is always a plain
 * identifier whatever the id holds.
 */
export function identifierFrom(id: string, used: Set<string>, fallback = 'node'): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let name = words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
  if (!name || /^[0-9]/.test(name)) name = `${fallback}${name ? name[0].toUpperCase() + name.slice(1) : ''}`;
  let unique = name;
  for (let n = 2; taken.has(unique) || used.has(unique); n++) unique = `${name}${n}`;
  used.add(unique);
  return unique;
}
