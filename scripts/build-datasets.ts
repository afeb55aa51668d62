/**
 * `npm run datasets`: prepares public/datasets/ (lib/datasets/build.ts) before every dev, build
 * and test; does nothing when the files are already newer than their sources.
 */
import { buildDatasets } from '../lib/datasets/build';

try {
  await buildDatasets((message) => console.log(`build-datasets: ${message}`));
} catch (error) {
  console.error(`build-datasets: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
