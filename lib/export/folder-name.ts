/** Kept apart from project.ts, which carries the app's shipped sources: the model download names its folder with it too. */

/** A folder (and npm package) name from the pipeline's name: 'Digit classifier (CNN)' -> 'digit-classifier-cnn'. */
export function folderName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return slug || 'pipeline';
}
