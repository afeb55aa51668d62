import fc from 'fast-check';
import { describe, it } from 'vitest';
import { PipelineDocument } from '@/lib/document/document';
import { documentFileText, readDocument, readDocumentText, type DocumentResult } from '@/lib/document/read';
import { templates } from '@/lib/templates';
import { documentArbitrary, mutatedStored } from './link-arbitraries';

/**
 * A `.pipeline.json` file is input from anyone: whatever it holds must come back as a document
 * or as a coded error with words, never as an exception.
 */

const fileCodes = new Set(['E_NOT_JSON', 'E_NOT_PIPELINE', 'E_NEWER_VERSION', 'E_TOO_LARGE', 'E_MIGRATION_FAILED']);

function isInert(result: DocumentResult): boolean {
  if (result.ok) return PipelineDocument.safeParse(result.doc).success;
  return fileCodes.has(result.error.code) && result.error.message.length > 20 && result.error.hint.length > 10;
}

function readSafely(text: string): DocumentResult {
  try {
    return readDocumentText(text);
  } catch (error) {
    throw new Error(`readDocumentText threw on ${JSON.stringify(text.slice(0, 200))}: ${String(error)}`);
  }
}

describe('fuzzing the file reader', () => {
  it('10,000 random strings and random JSON texts', () => {
    const input = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.json({ maxDepth: 4 }),
      fc.json({ maxDepth: 2 }).map((json) => `{"version": 2, "name": "x", "nodes": [${json}], "edges": []}`),
    );
    fc.assert(fc.property(input, (text) => isInert(readSafely(text))), { numRuns: 10_000 });
  });

  it('10,000 valid files truncated, bit-flipped, re-versioned, oversized or filled with junk', () => {
    const texts = [...templates.map((t) => t.document), ...fc.sample(documentArbitrary, { numRuns: 8, seed: 11 })].map(documentFileText);
    const bases = texts.map((text) => JSON.parse(text));
    const mutated = fc.oneof(
      fc.tuple(fc.constantFrom(...texts), fc.nat()).map(([text, n]) => text.slice(0, n % (text.length + 1))),
      // One bit of one character flipped, as a damaged disk or a bad copy would.
      fc.tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 0, max: 15 })).map(([text, at, bit]) => {
        const i = at % text.length;
        return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << bit)) + text.slice(i + 1);
      }),
      fc.tuple(fc.constantFrom(...texts), fc.integer({ min: 1, max: 20_000 })).map(([text, n]) => text.replace('"name": "', `"name": "${'x'.repeat(n)}`)),
      mutatedStored(bases).map((value) => JSON.stringify(value, null, 2) ?? ''),
    );
    fc.assert(fc.property(mutated, (text) => isInert(readSafely(text))), { numRuns: 10_000 });
  });

  it('any value at all handed to readDocument (what IndexedDB or a caller may hold)', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3, withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }), (value) =>
        isInert(readDocument(value)),
      ),
      { numRuns: 2_000 },
    );
  });
});
