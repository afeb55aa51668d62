import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { docComment, identifierFrom, joinCode, lineComment, literal, raw, stringLiteral, ts as code } from '@/lib/export/code';

/** Tokens of a TypeScript fragment (comments skipped), as [kind, text]. */
function tokens(text: string): [ts.SyntaxKind, string][] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: [ts.SyntaxKind, string][] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) out.push([kind, scanner.getTokenText()]);
  return out;
}

const hostile = ["it's", 'say "hi"', 'back\\slash', 'tick ` ${x}', 'end */ start /*', 'two\nlines', 'para\u2028graph\u2029', '</script>', '\r\n\t\0'];

describe('literal', () => {
  it('writes numbers, booleans, null, arrays and objects as TypeScript', () => {
    expect(literal(3).text).toBe('3');
    expect(literal(0.001).text).toBe('0.001');
    expect(literal(-0).text).toBe('0');
    expect(literal(true).text).toBe('true');
    expect(literal(null).text).toBe('null');
    expect(literal([1, 'a']).text).toBe("[1, 'a']");
    expect(literal({ units: 3, 'odd key': 'x', skipped: undefined }).text).toBe("{ units: 3, 'odd key': 'x' }");
    expect(literal({}).text).toBe('{}');
  });

  it('refuses numbers TypeScript cannot write as a literal', () => {
    expect(() => literal(Number.NaN)).toThrow(/cannot hold/);
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(/cannot hold/);
  });

  it.each(hostile)('keeps %j one string literal that evaluates back to itself', (text) => {
    const lit = stringLiteral(text);
    expect(tokens(lit)).toEqual([[ts.SyntaxKind.StringLiteral, lit]]);
    expect(lit).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(new Function(`return ${lit};`)()).toBe(text);
  });

  it('interpolates values as literals and Code as code', () => {
    const name = "x'); process.exit(1); ('";
    expect(code`f(${name}, ${raw('y')}, ${[2, 3]})`.text).toBe(`f(${stringLiteral(name)}, y, [2, 3])`);
    expect(tokens(code`f(${name})`.text).map(([k]) => k)).toEqual([
      ts.SyntaxKind.Identifier,
      ts.SyntaxKind.OpenParenToken,
      ts.SyntaxKind.StringLiteral,
      ts.SyntaxKind.CloseParenToken,
    ]);
  });

  it('joins fragments', () => {
    expect(joinCode([raw('a'), raw('b')]).text).toBe('a\nb');
    expect(joinCode([raw('a'), raw('b')], ', ').text).toBe('a, b');
  });
});

describe('comments', () => {
  it.each(hostile)('a line comment holding %j stays one comment', (text) => {
    const comment = lineComment(text).text;
    expect(tokens(`${comment}\nx`)).toEqual([[ts.SyntaxKind.Identifier, 'x']]);
  });

  it.each(hostile)('a doc comment holding %j cannot be closed early', (text) => {
    const comment = docComment(['Title', text, '']).text;
    expect(tokens(`${comment}\nx`)).toEqual([[ts.SyntaxKind.Identifier, 'x']]);
    expect(comment.split('\n')[0]).toBe('/**');
  });

  it('writes a one-line doc comment for a single line', () => {
    expect(docComment(['Samples per update.']).text).toBe('/** Samples per update. */');
  });
});

describe('identifierFrom', () => {
  it('makes camelCase names from node ids', () => {
    const used = new Set<string>();
    expect(identifierFrom('dense-2', used)).toBe('dense2');
    expect(identifierFrom('my_conv layer', used)).toBe('myConvLayer');
  });

  it('keeps names unique, clear of reserved words, and valid whatever the id holds', () => {
    const used = new Set<string>(['train']);
    expect(identifierFrom('train', used)).toBe('train2');
    expect(identifierFrom('class', used)).toBe('class2');
    expect(identifierFrom('input', used)).toBe('input2');
    expect(identifierFrom('3x3', used)).toBe('node3x3');
    expect(identifierFrom('*/ ${`"', used)).toBe('node');
    expect(identifierFrom('ünïcode', used, 'layer')).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
    expect(identifierFrom('dense', used)).toBe('dense');
    expect(identifierFrom('dense', used)).toBe('dense2');
  });
});
