import type { ReadFile } from './load';

/** Browser workers (training, preview): the built-in datasets' files as the app serves them. */
export const fetchDatasetFile: ReadFile = async (name) => {
  const response = await fetch(`/datasets/${name}`);
  if (!response.ok) {
    throw new Error(`Could not download the dataset file /datasets/${name} (HTTP ${response.status}).`);
  }
  return response.arrayBuffer();
};
