/**
 * Whether images chosen for a pipeline that names its classes (a shared link, cleared storage)
 * fit it: the sentence that says which classes are missing and which are extra, in words for
 * people; undefined when they are the same classes.
 */
export function classMismatch(expected: readonly string[], got: readonly string[]): string | undefined {
  const missing = expected.filter((c) => !got.includes(c));
  const extra = got.filter((c) => !expected.includes(c));
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [];
  if (missing.length > 0) parts.push(`there is no folder for ${missing.join(', ')}.`);
  if (extra.length > 0) parts.push(`${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not among the pipeline's classes (${expected.join(', ')}).`);
  return parts.join(' ');
}
