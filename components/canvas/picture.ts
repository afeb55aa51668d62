import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import type { PipelineDocument } from '@/lib/document/document';
import { documentFileName } from '@/lib/document/read';
import { backWireReach, fitPadding } from '@/lib/layout/wires';
import { usePipeline } from '@/lib/store/pipeline';

/** Downloads a picture of the whole graph for slides and documents. */
export type PictureFormat = 'png' | 'svg';

/** Room around the nodes; at the sides also for wires going round and, on the right, the last column's shape labels. */
const margin = 32;
const leftReach = fitPadding.left + 16;
const rightReach = backWireReach + 24;
/** The longest side of a picture, in canvas pixels: a huge graph is drawn smaller rather than as a giant file. */
const maxSide = 4000;
const background = '#09090b';

/** `<pipeline name>.png` or `.svg`, with the name made safe for file systems as for pipeline files. */
export function pictureFileName(doc: PipelineDocument, format: PictureFormat): string {
  return documentFileName(doc).replace(/\.pipeline\.json$/, `.${format}`);
}

/**
 * Draws React Flow's viewport (nodes, wires, shape labels; not the dots, the zoom buttons or the
 * map, which sit outside it) framed to the whole graph at 100%, whatever the view on screen shows,
 * on the canvas's dark background, and saves it. While it is drawn the canvas is marked
 * `data-picture`, which hides what belongs to editing (selection rings, open problem lists).
 */
export async function downloadGraphPicture(format: PictureFormat, nodes: Node[]): Promise<void> {
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
  const flow = viewport?.closest<HTMLElement>('.react-flow');
  if (!viewport || !flow || nodes.length === 0) throw new Error('There is no graph on the canvas to draw.');
  const bounds = getNodesBounds(nodes);
  const frame = { x: bounds.x - leftReach, y: bounds.y - margin, width: bounds.width + leftReach + rightReach, height: bounds.height + 2 * margin };
  const scale = Math.min(1, maxSide / frame.width, maxSide / frame.height);
  const width = Math.ceil(frame.width * scale);
  const height = Math.ceil(frame.height * scale);
  const view = getViewportForBounds(frame, width, height, scale, 1, 0);
  const { toPng, toSvg } = await import('html-to-image');
  flow.dataset.picture = 'true';
  try {
    const options = {
      backgroundColor: background,
      width,
      height,
      // The app uses the system's fonts: there are no web fonts to embed.
      skipFonts: true,
      style: { width: `${width}px`, height: `${height}px`, transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})` },
    };
    const url = format === 'png' ? await toPng(viewport, { ...options, pixelRatio: 2 }) : await toSvg(viewport, options);
    const link = document.createElement('a');
    link.href = url;
    link.download = pictureFileName(usePipeline.getState().doc, format);
    link.click();
  } finally {
    delete flow.dataset.picture;
  }
}
