/**
 * Formats generated TypeScript with prettier's standalone build, the same in Node and in the
 * browser. Prettier is loaded on first use, so the app's first paint does not carry it.
 */
let loaded: Promise<(source: string) => Promise<string>> | undefined;

function loadFormatter(): Promise<(source: string) => Promise<string>> {
  loaded ??= Promise.all([import('prettier/standalone'), import('prettier/plugins/typescript'), import('prettier/plugins/estree')]).then(
    ([prettier, typescript, estree]) =>
      (source: string) =>
        prettier.format(source, { parser: 'typescript', plugins: [typescript, estree], singleQuote: true, printWidth: 100 }),
  );
  return loaded;
}

export async function formatTypeScript(source: string): Promise<string> {
  const format = await loadFormatter();
  return format(source);
}
