import { rmSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '@/lib/document/document';
import { templates } from '@/lib/templates';
import { exportOf, tempDir, writeProject } from '../support/export-project';
import { typeCheckProjects } from '../support/type-check';

/**
 * Safety: what a person types (node labels, the pipeline's name and description) and node ids
 * from a hostile file or link never change what the exported program does. Its tokens are those
 * of the plain export, apart from the contents of strings and comments (and, for ids, the names
 * of the layer variables made from them).
 */
const root = tempDir('pipeline-export-safety-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const { SyntaxKind } = ts;
const literalKinds = new Set([SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateHead, SyntaxKind.TemplateMiddle, SyntaxKind.TemplateTail]);

/** The program's tokens, comments skipped, as "kind" or "kind text"; literal contents left out. */
function tokens(source: string, keepIdentifiers = true): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const out: string[] = [];
  // Braces opened inside each `${` of a template literal, so its closing brace resumes the template.
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken && templates.length > 0) templates[templates.length - 1]++;
    if (kind === SyntaxKind.CloseBraceToken && templates.length > 0) {
      if (templates[templates.length - 1] === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === SyntaxKind.TemplateTail) templates.pop();
      } else templates[templates.length - 1]--;
    }
    if (kind === SyntaxKind.TemplateHead) templates.push(0);
    const text = scanner.getTokenText();
    const keepText = !literalKinds.has(kind) && (keepIdentifiers || kind !== SyntaxKind.Identifier);
    out.push(keepText ? `${SyntaxKind[kind]} ${text}` : SyntaxKind[kind]);
  }
  // A comma before a closing bracket is prettier's, added when longer names wrap the line: formatting, not code.
  const closing = /^(CloseParenToken|CloseBracketToken|CloseBraceToken)/;
  return out.filter((token, i) => !(token.startsWith('CommaToken') && closing.test(out[i + 1] ?? '')));
}

/** Text built from the pieces that break naive code generation, and anything else. */
const hostileText = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('*/', '/*', '//', '`', '${x}', '${', '}', "'", '"', '\\', '\\u2028', '\n', '\r\n', '\r', '\u2028', '\u2029', '</script>', '<!--', '\0', ' '),
        fc.string({ maxLength: 8, unit: 'binary' }),
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('').slice(0, maxLength));

function relabel(doc: PipelineDocument, name: string, description: string, labels: string[]): PipelineDocument {
  return {
    ...doc,
    name: name.trim() ? name : `x${name}`,
    description,
    nodes: doc.nodes.map((n, i) => ({ ...n, label: labels[i % Math.max(1, labels.length)] })),
  };
}

function renameIds(doc: PipelineDocument, ids: string[]): PipelineDocument {
  const renamed = new Map(doc.nodes.map((n, i) => [n.id, `${ids[i % Math.max(1, ids.length)] ?? ''}#${i}`]));
  return {
    ...doc,
    nodes: doc.nodes.map((n) => ({ ...n, id: renamed.get(n.id)! })),
    edges: doc.edges.map((e) => ({ ...e, source: renamed.get(e.source)!, target: renamed.get(e.target)! })),
  };
}

const baselines = new Map<string, string[]>();
async function baseline(id: string, keepIdentifiers: boolean): Promise<string[]> {
  const key = `${id}/${keepIdentifiers}`;
  if (!baselines.has(key)) {
    const doc = templates.find((t) => t.id === id)!.document;
    baselines.set(key, tokens((await exportOf(doc)).files[0].text, keepIdentifiers));
  }
  return baselines.get(key)!;
}

const templateIds = fc.constantFrom(...templates.map((t) => t.id));

describe('exported code is safe from what people type', () => {
  it('labels, names and descriptions never change the program beyond string and comment contents', async () => {
    await fc.assert(
      fc.asyncProperty(templateIds, hostileText(200), hostileText(600), fc.array(hostileText(100), { minLength: 1, maxLength: 4 }), async (id, name, description, labels) => {
        const doc = relabel(templates.find((t) => t.id === id)!.document, name, description, labels);
        const project = await exportOf(doc);
        expect(tokens(project.files[0].text)).toEqual(await baseline(id, true));
        const manifest = JSON.parse(project.files.find((f) => f.path === 'package.json')!.text) as { name: string };
        expect(manifest.name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('node ids from a hostile file only rename variables', async () => {
    await fc.assert(
      fc.asyncProperty(templateIds, fc.array(hostileText(60), { minLength: 1, maxLength: 4 }), async (id, ids) => {
        const project = await exportOf(renameIds(templates.find((t) => t.id === id)!.document, ids));
        expect(tokens(project.files[0].text, false)).toEqual(await baseline(id, false));
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('hostile exports type-check', async () => {
    const nasty = "*/ `${process.exit(1)}` '\" \\ \n\u2028\u2029 </script> /* // ${";
    const dirs = await Promise.all(
      templates.map(async (t, i) => {
        const doc = renameIds(relabel(t.document, nasty, `${nasty}\n${nasty}`, [nasty, `${nasty}2`]), [nasty]);
        return writeProject(await exportOf(doc), path.join(root, `hostile-${i}`));
      }),
    );
    expect(typeCheckProjects(dirs)).toEqual([]);
  }, 120_000);
});
