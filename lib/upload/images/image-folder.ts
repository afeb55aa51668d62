/**
 * Which uploaded files are images of which class: a folder (or a zip) holds one sub-folder per
 * class, named after it. Pure: it sees paths (and sizes) only, so it runs before any byte is read
 * and tells the user at once what will be used and what will not.
 */

export type ImageProblemCode =
  | 'IMAGES_NO_IMAGES'
  | 'IMAGES_NO_CLASSES'
  | 'IMAGES_ONE_CLASS'
  | 'IMAGES_SKIPPED'
  | 'IMAGES_NOT_A_ZIP'
  | 'IMAGES_TOO_MANY_FILES'
  | 'IMAGES_TOO_LARGE'
  | 'IMAGES_TABLE_TOO_LARGE'
  | 'IMAGES_UNREADABLE'
  | 'IMAGES_CLASS_EMPTY'
  | 'IMAGES_NONE_READABLE'
  | 'IMAGES_CANCELLED';

export interface ImageProblem {
  code: ImageProblemCode;
  /** For people: what is wrong, where, and what to do. */
  message: string;
}

/** A file that is not used, and why, in words for people. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ImageClass {
  /** The class folder's name, used as the label. */
  name: string;
  /** The files' paths as given (so the caller finds their bytes), sorted. */
  paths: string[];
}

export interface ImageGroups {
  /** The folders that wrap every class folder (e.g. "shapes" for shapes/circle/1.png), stripped; "" when none. */
  root: string;
  /** Sorted by name. */
  classes: ImageClass[];
  skipped: SkippedFile[];
}

export type GroupResult =
  { ok: true; groups: ImageGroups; problems: ImageProblem[] } | { ok: false; error: ImageProblem; skipped: SkippedFile[] };

/** File endings browsers decode (createImageBitmap), lower case. */
export const imageExtensions = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp', 'avif'];

/** Formats people often have that browsers cannot turn into pixels: the advice for each. */
const unsupportedImageReasons: Record<string, string> = {
  svg: 'an SVG drawing, not pixels: export it as PNG',
  tif: 'a TIFF image, which browsers cannot read: convert it to PNG or JPEG',
  tiff: 'a TIFF image, which browsers cannot read: convert it to PNG or JPEG',
  heic: 'a HEIC photo, which browsers cannot read: convert it to JPEG',
  heif: 'a HEIF photo, which browsers cannot read: convert it to JPEG',
};

/** Files operating systems add to folders and zips on their own: never the user's data, so not even listed. */
const systemFileNames = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db']);

const exampleLayout = 'for example cats/1.jpg, cats/2.jpg, dogs/1.jpg';

/**
 * The classes in a list of uploaded files (a folder's relative paths or a zip's entry names):
 * the first folder level under the common root is the class; deeper folders belong to their
 * class. Folders that wrap everything (a zip made of one top folder, a picked folder's own name)
 * are stripped. Hidden files, `__MACOSX/` and system files are ignored without a word; files at
 * the root, empty files, duplicates and non-images are listed as skipped with a reason.
 */
export function groupImageFiles(entries: readonly { path: string; size?: number }[]): GroupResult {
  const skipped: SkippedFile[] = [];
  const candidates: { path: string; segments: string[] }[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    // A zip lists its folders as entries of their own, ending in "/": their files say all there is.
    if (/[\\/]$/.test(entry.path)) continue;
    const segments = pathSegments(entry.path);
    if (segments.length === 0 || isSystemFile(segments)) continue;
    const normalised = segments.join('/');
    const name = segments[segments.length - 1];
    const reason = notAnImageReason(name);
    if (reason) skipped.push({ path: entry.path, reason });
    else if (entry.size === 0) skipped.push({ path: entry.path, reason: 'the file is empty (0 bytes)' });
    else if (seen.has(normalised))
      skipped.push({
        path: entry.path,
        reason: `a second file named ${normalised}: only the first is used`,
      });
    else {
      seen.add(normalised);
      candidates.push({ path: entry.path, segments });
    }
  }

  if (candidates.length === 0) {
    const looked = skipped.length === 0 ? 'The upload holds no files' : `None of the ${count(skipped.length, 'file')} is an image`;
    return {
      ok: false,
      error: {
        code: 'IMAGES_NO_IMAGES',
        message: `${looked}. Upload a folder or zip of images (${imageExtensions.map((e) => `.${e}`).join(', ')}) with one sub-folder per class, ${exampleLayout}.`,
      },
      skipped,
    };
  }

  const depth = rootDepth(candidates.map((c) => c.segments));
  const byClass = new Map<string, string[]>();
  for (const { path, segments } of candidates) {
    const relative = segments.slice(depth);
    if (relative.length < 2) {
      skipped.push({
        path,
        reason: 'it is not inside a class folder: move it into the folder of its class',
      });
      continue;
    }
    const paths = byClass.get(relative[0]) ?? [];
    paths.push(path);
    byClass.set(relative[0], paths);
  }
  // Stripping stops while an image still lies in a folder below the root, so with a root there are classes.
  if (byClass.size === 0) {
    return {
      ok: false,
      error: {
        code: 'IMAGES_NO_CLASSES',
        message: `The ${count(candidates.length, 'image')} lie at the top of the upload, not in class folders, so there is nothing to tell them apart by. Put each class's images in a sub-folder named after the class, ${exampleLayout}.`,
      },
      skipped,
    };
  }

  const classes = [...byClass.keys()].sort(byCodePoint).map((name) => ({ name, paths: byClass.get(name)!.sort(byCodePoint) }));
  const problems: ImageProblem[] = [];
  if (classes.length === 1) problems.push(oneClassProblem(classes[0].name));
  if (skipped.length > 0) problems.push(skippedProblem(skipped));
  const root = candidates[0].segments.slice(0, depth).join('/');
  return { ok: true, groups: { root, classes, skipped }, problems };
}

export function oneClassProblem(name: string): ImageProblem {
  return {
    code: 'IMAGES_ONE_CLASS',
    message: `Only one class was found ("${name}"): a model learns to tell classes apart, so it needs at least two. Add a sub-folder of images for each other class.`,
  };
}

function skippedProblem(skipped: readonly SkippedFile[]): ImageProblem {
  const shown = skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`);
  const more = skipped.length > shown.length ? `; and ${count(skipped.length - shown.length, 'more file')}` : '';
  return {
    code: 'IMAGES_SKIPPED',
    message: `${count(skipped.length, 'file')} ${skipped.length === 1 ? 'is' : 'are'} not used: ${shown.join('; ')}${more}. The full list is shown with the upload.`,
  };
}

/** A path's folders and name: "\" read as "/" (zips made on Windows), "." and empty parts dropped. */
function pathSegments(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
}

/** macOS resource forks, hidden files and folders, Windows thumbnails. A folder entry of a zip has no name and is dropped earlier. */
function isSystemFile(segments: readonly string[]): boolean {
  return segments.some((s) => s === '__MACOSX' || s.startsWith('.')) || systemFileNames.has(segments[segments.length - 1].toLowerCase());
}

/** Why a file is not taken for an image, judged by its ending (what a person sees); undefined when it is one. */
function notAnImageReason(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return `it has no file ending, so it is not taken for an image (images end in ${extensionList()})`;
  const extension = name.slice(dot + 1).toLowerCase();
  if (imageExtensions.includes(extension)) return undefined;
  return unsupportedImageReasons[extension] ?? `not an image (.${extension}); images end in ${extensionList()}`;
}

function extensionList(): string {
  const all = imageExtensions.map((e) => `.${e}`);
  return `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}

/**
 * How many leading folders wrap every class folder: strip one while all images share it and each
 * still lies in a folder below it. So "shapes/circle/1.png" loses "shapes", but a lone
 * "circle/1.png" keeps "circle" as its class (one class, said as such, rather than none).
 */
function rootDepth(paths: readonly string[][]): number {
  let depth = 0;
  for (;;) {
    const first = paths[0][depth];
    if (!paths.every((segments) => segments.length >= depth + 3 && segments[depth] === first)) return depth;
    depth++;
  }
}

/** Code-point order: the same in every browser and in Node, unlike localeCompare, so class indices never move. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
