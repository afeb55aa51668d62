import { z } from 'zod';
import { defineNode, fail, ok } from '../define-node';
import { ts } from '@/lib/export/code';
import type { TableInfo } from '@/lib/data/table';
import { imageColumnsInfo, labelColumnName } from '@/lib/upload/images/read-images';

/**
 * Images the person uploaded, a folder or a zip with one sub-folder per class, resized when read.
 * As with CSV files, the params are the set's schema (size, classes, rows) and its rows stay in
 * the browser's IndexedDB under the fingerprint (lib/storage/uploads.ts).
 */
export const imageFolderParams = z.object({
  file: z.string().default('').meta({ hidden: true }).describe('The folder or zip the images come from'),
  fingerprint: z.string().default('').meta({ hidden: true }).describe('A hash of the images, the key they are kept under'),
  rows: z.number().int().min(0).default(0).meta({ hidden: true }).describe('Images read'),
  height: z.number().int().min(4).max(512).default(28).meta({ hidden: true }).describe('Height each image is resized to, in pixels'),
  width: z.number().int().min(4).max(512).default(28).meta({ hidden: true }).describe('Width each image is resized to, in pixels'),
  channels: z.union([z.literal(1), z.literal(3)]).default(1).meta({ hidden: true }).describe('1 = grayscale, 3 = colour'),
  classes: z.array(z.string()).default([]).meta({ hidden: true }).describe('The class folders, in label order'),
  maxSamples: z.number().int().min(10).max(100_000).optional().describe('Use only the first N images (classes interleaved); empty uses them all'),
});
export type ImageFolderParams = z.output<typeof imageFolderParams>;

export function imageTableInfo(p: ImageFolderParams): TableInfo {
  return {
    columns: imageColumnsInfo([p.height, p.width, p.channels], p.classes),
    rows: Math.min(p.maxSamples ?? p.rows, p.rows),
    ordered: false,
    target: labelColumnName,
  };
}

export const imageFolder = defineNode({
  kind: 'data.images',
  version: 1,
  category: 'data',
  ui: { label: 'Image folder', description: 'Your own images: a folder or zip with one sub-folder per class, kept in the browser.' },
  params: imageFolderParams,
  inputs: [],
  outputs: [{ id: 'table', label: 'table', type: 'table' }],
  inferShape: (p) => {
    if (!p.fingerprint || p.rows === 0) {
      return fail('E_NO_FILE', 'This image folder node has no images yet.', 'Pick a folder or a zip of images (one sub-folder per class) in the inspector.');
    }
    if (p.classes.length < 2) return fail('E_ONE_CLASS', 'The images hold one class only: there is nothing to tell apart.', 'Upload a folder with at least two class sub-folders.');
    const table = imageTableInfo(p);
    return ok([[null, table.columns.length]], [{ table }]);
  },
  // The exported project runs in Node, which has no image decoder among the project's packages:
  // it says so when run instead of training on something else.
  emit: () => ({
    load: ts`throw new Error('This pipeline trains on images uploaded in the app, which an exported project cannot read yet: train it in the app.');`,
  }),
  summary: (p) => (p.fingerprint ? `${p.rows.toLocaleString('en-US')} images, ${p.classes.length} classes, ${p.width}x${p.height}` : 'No images yet'),
  source: {
    table: imageTableInfo,
    spec: (p) => ({
      source: 'images',
      file: p.file,
      fingerprint: p.fingerprint,
      rows: p.rows,
      shape: [p.height, p.width, p.channels],
      classes: p.classes,
      ...(p.maxSamples !== undefined && { maxSamples: p.maxSamples }),
    }),
  },
});
