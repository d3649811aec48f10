// Where the ANN benchmark's pieces live. The TypeScript compiles to dist/bench/ann/, but the peer
// libraries (bench/ann/node_modules) and the ground-truth cache (bench/ann/.cache) stay in the
// source tree, so both are found from the project root.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** dist/bench/ann -> the project root. */
export const PROJECT_ROOT = join(here, '..', '..', '..');
/** The peers' own npm package (bench/ann/package.json). */
export const PEERS_DIR = join(PROJECT_ROOT, 'bench', 'ann');
/** Ground truth and other reusable results (gitignored). */
export const CACHE_DIR = join(PEERS_DIR, '.cache');
/** The child process that runs one subject (compiled bench/ann/worker.ts). */
export const WORKER_PATH = join(here, 'worker.js');
