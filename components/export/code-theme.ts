import type { PrismTheme } from 'prism-react-renderer';

/** Syntax colours from the app's own palette (Tailwind's 300 shades on zinc-950), so the code reads as part of the app. */
export const codeTheme: PrismTheme = {
  plain: { color: '#d4d4d8', backgroundColor: 'transparent' },
  styles: [
    { types: ['comment', 'prolog', 'doctype', 'cdata', 'blockquote'], style: { color: '#71717a', fontStyle: 'italic' } },
    { types: ['keyword', 'important', 'atrule', 'selector'], style: { color: '#c4b5fd' } },
    { types: ['string', 'char', 'attr-value', 'template-string', 'inserted', 'code', 'code-snippet'], style: { color: '#86efac' } },
    { types: ['number', 'boolean', 'constant', 'symbol'], style: { color: '#fcd34d' } },
    { types: ['function', 'url'], style: { color: '#7dd3fc' } },
    { types: ['class-name', 'builtin', 'maybe-class-name'], style: { color: '#67e8f9' } },
    { types: ['property', 'attr-name', 'tag', 'title'], style: { color: '#a5b4fc' } },
    { types: ['punctuation', 'operator', 'interpolation-punctuation'], style: { color: '#a1a1aa' } },
    { types: ['regex', 'deleted'], style: { color: '#fda4af' } },
    { types: ['bold', 'title'], style: { fontWeight: 'bold' } },
    { types: ['italic'], style: { fontStyle: 'italic' } },
  ],
};
