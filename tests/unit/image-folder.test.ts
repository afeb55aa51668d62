import { describe, expect, it } from 'vitest';
import { groupImageFiles, type GroupResult } from '@/lib/upload/images/image-folder';

const files = (...paths: string[]) => paths.map((path) => ({ path, size: 100 }));

function groups(result: GroupResult) {
  if (!result.ok) throw new Error(`Expected classes, got ${result.error.code}: ${result.error.message}`);
  return result.groups;
}

function error(result: GroupResult) {
  if (result.ok) throw new Error(`Expected an error, got classes ${result.groups.classes.map((c) => c.name).join(', ')}`);
  return result.error;
}

describe('groupImageFiles', () => {
  it('takes the first folder level as the class, names sorted, paths sorted within each', () => {
    const result = groupImageFiles(files('dogs/b.jpg', 'cats/2.png', 'dogs/a.JPG', 'cats/1.png', 'birds/x.webp'));
    const { root, classes, skipped } = groups(result);
    expect(root).toBe('');
    expect(classes).toEqual([
      { name: 'birds', paths: ['birds/x.webp'] },
      { name: 'cats', paths: ['cats/1.png', 'cats/2.png'] },
      { name: 'dogs', paths: ['dogs/a.JPG', 'dogs/b.jpg'] },
    ]);
    expect(skipped).toEqual([]);
    expect(result.ok && result.problems).toEqual([]);
  });

  it('strips folders that wrap every class (a zip of one top folder, a picked folder), keeping the paths as given', () => {
    const { root, classes } = groups(
      groupImageFiles(files('data/shapes/circle/1.png', 'data/shapes/square/1.png', 'data/shapes/square/2.png')),
    );
    expect(root).toBe('data/shapes');
    expect(classes.map((c) => [c.name, c.paths.length])).toEqual([
      ['circle', 1],
      ['square', 2],
    ]);
    expect(classes[0].paths).toEqual(['data/shapes/circle/1.png']);
  });

  it('keeps deeper folders inside their class', () => {
    const { classes } = groups(groupImageFiles(files('cats/indoor/1.png', 'cats/outdoor/2.png', 'dogs/3.png')));
    expect(classes).toEqual([
      { name: 'cats', paths: ['cats/indoor/1.png', 'cats/outdoor/2.png'] },
      { name: 'dogs', paths: ['dogs/3.png'] },
    ]);
  });

  it('reads Windows separators and leading "./"', () => {
    const { classes } = groups(groupImageFiles(files('shapes\\circle\\1.png', 'shapes\\square\\1.png', './shapes/square/2.png')));
    expect(classes.map((c) => c.name)).toEqual(['circle', 'square']);
  });

  it('ignores macOS, hidden and system files and zip folder entries without listing them', () => {
    const result = groupImageFiles(
      files(
        'shapes/',
        'shapes/circle/',
        'shapes/circle/1.png',
        '__MACOSX/shapes/circle/._1.png',
        'shapes/.DS_Store',
        'shapes/square/.hidden.png',
        'shapes/.git/objects/ab.png',
        'shapes/square/Thumbs.db',
        'shapes/square/desktop.ini',
        'shapes/square/1.png',
      ),
    );
    const { root, classes, skipped } = groups(result);
    expect(root).toBe('shapes');
    expect(classes.map((c) => c.paths)).toEqual([['shapes/circle/1.png'], ['shapes/square/1.png']]);
    expect(skipped).toEqual([]);
  });

  it('lists non-images, empty files, duplicates and files outside class folders as skipped, with a reason', () => {
    const result = groupImageFiles([
      ...files('shapes/circle/1.png', 'shapes/square/1.png', 'shapes/notes.txt', 'shapes/square/logo.svg', 'shapes/circle/README'),
      { path: 'shapes/circle/empty.png', size: 0 },
      { path: 'shapes\\square\\1.png', size: 100 },
      { path: 'shapes/square/photo.HEIC', size: 100 },
    ]);
    const { classes, skipped } = groups(result);
    expect(classes.map((c) => c.paths)).toEqual([['shapes/circle/1.png'], ['shapes/square/1.png']]);
    const reasons = Object.fromEntries(skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      [
        'shapes/circle/README',
        'shapes/circle/empty.png',
        'shapes/notes.txt',
        'shapes/square/logo.svg',
        'shapes/square/photo.HEIC',
        'shapes\\square\\1.png',
      ].sort(),
    );
    expect(reasons['shapes/notes.txt']).toMatch(/not an image \(\.txt\).*\.png/);
    expect(reasons['shapes/square/logo.svg']).toMatch(/SVG.*PNG/);
    expect(reasons['shapes/square/photo.HEIC']).toMatch(/HEIC.*JPEG/);
    expect(reasons['shapes/circle/README']).toMatch(/no file ending/);
    expect(reasons['shapes/circle/empty.png']).toMatch(/empty/);
    expect(reasons['shapes\\square\\1.png']).toMatch(/second file named shapes\/square\/1\.png/);
    const problems = result.ok ? result.problems : [];
    expect(problems.map((p) => p.code)).toEqual(['IMAGES_SKIPPED']);
    expect(problems[0].message).toMatch(/^6 files are not used: .*; and 3 more files\. The full list/);
  });

  it('skips images lying next to the class folders, saying to move them', () => {
    const { classes, skipped } = groups(groupImageFiles(files('cover.png', 'cats/1.png', 'dogs/1.png')));
    expect(classes.map((c) => c.name)).toEqual(['cats', 'dogs']);
    expect(skipped).toEqual([
      {
        path: 'cover.png',
        reason: expect.stringMatching(/not inside a class folder: move it/),
      },
    ]);
  });

  it('says IMAGES_NO_CLASSES when every image lies at the top', () => {
    const e = error(groupImageFiles(files('1.png', '2.png', '3.jpg')));
    expect(e.code).toBe('IMAGES_NO_CLASSES');
    expect(e.message).toMatch(/The 3 images lie at the top of the upload, not in class folders.*sub-folder named after the class/);
  });

  it('says IMAGES_ONE_CLASS, as a problem beside the table, for a single class folder', () => {
    const result = groupImageFiles(files('circle/1.png', 'circle/2.png'));
    expect(groups(result).classes).toEqual([{ name: 'circle', paths: ['circle/1.png', 'circle/2.png'] }]);
    expect(result.ok && result.problems.map((p) => [p.code, p.message])).toEqual([
      ['IMAGES_ONE_CLASS', expect.stringMatching(/Only one class was found \("circle"\).*at least two/)],
    ]);
  });

  it('says IMAGES_NO_IMAGES for an upload without images, and lists what it skipped', () => {
    const result = groupImageFiles(files('data.csv', 'notes/a.txt'));
    const e = error(result);
    expect(e.code).toBe('IMAGES_NO_IMAGES');
    expect(e.message).toMatch(/None of the 2 files is an image\. Upload a folder or zip of images \(\.png, .*\)/);
    expect(!result.ok && result.skipped.map((s) => s.path)).toEqual(['data.csv', 'notes/a.txt']);
    expect(error(groupImageFiles([])).message).toMatch(/^The upload holds no files\./);
  });

  it('sorts class names by code point, the same everywhere', () => {
    const { classes } = groups(groupImageFiles(files('b/1.png', 'B/1.png', 'a/1.png', 'Ä/1.png')));
    expect(classes.map((c) => c.name)).toEqual(['B', 'a', 'b', 'Ä']);
  });
});
