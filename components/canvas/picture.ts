/**
 * Downloads a picture of the whole graph for slides and documents.
 *
 * FOUNDATION STUB: issue 6's canvas work renders the React Flow viewport with html-to-image.
 */
export type PictureFormat = 'png' | 'svg';

export async function downloadGraphPicture(format: PictureFormat): Promise<void> {
  void format;
  throw new Error('Not built yet: downloadGraphPicture');
}
