import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** One asset of the build, in memory: as built, and pre-compressed (web/build.ts writes `.br` and `.gz` beside it). */
export interface DashboardAsset {
  readonly contentType: string;
  readonly identity: Buffer;
  readonly br?: Buffer;
  readonly gzip?: Buffer;
}

/** The dashboard build the function answers from: the HTML shell and the assets by path (`/assets/main-3F2A.js`). */
export interface DashboardFiles {
  readonly shell: string;
  readonly assets: ReadonlyMap<string, DashboardAsset>;
}

interface Manifest {
  readonly index: string;
  readonly assets: Readonly<Record<string, { readonly file: string; readonly contentType: string }>>;
}

/** Where the bundle keeps the build (lib/resources.ts API_FUNCTIONS.dashboard.bundledDashboard). */
export const BUNDLED_DASHBOARD_DIR = 'dashboard';

/** The bundle's copy beside the handler; else the repository's `web/dist` (`npm run build:web`). */
export function defaultDashboardDir(): string {
  const bundled = path.join(__dirname, BUNDLED_DASHBOARD_DIR);
  if (existsSync(path.join(bundled, 'manifest.json'))) return bundled;
  return path.resolve(__dirname, '..', '..', '..', 'web', 'dist');
}

/**
 * Reads a build into memory, once per cold start (tens of kilobytes). A missing build fails here, naming where it
 * was looked for, rather than on the first page view.
 */
export function loadDashboardFiles(dir: string): DashboardFiles {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`No dashboard build at ${dir}: run npm run build:web`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const optional = (file: string): Buffer | undefined => (existsSync(file) ? readFileSync(file) : undefined);
  const assets = new Map<string, DashboardAsset>();
  for (const [assetPath, { file, contentType }] of Object.entries(manifest.assets)) {
    const full = path.join(dir, file);
    assets.set(assetPath, { contentType, identity: readFileSync(full), br: optional(`${full}.br`), gzip: optional(`${full}.gz`) });
  }
  return { shell: readFileSync(path.join(dir, manifest.index), 'utf8'), assets };
}
