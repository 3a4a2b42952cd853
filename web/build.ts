import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** What the server needs to answer the dashboard: the shell page and every asset with its type and encodings. */
export interface DashboardManifest {
  /** The HTML shell, answered for every dashboard path (the router picks the page in the browser). */
  readonly index: string;
  /** Asset path (e.g. `/assets/main-3F2A.js`) → file name inside the output folder and its media type. */
  readonly assets: Readonly<Record<string, { readonly file: string; readonly contentType: string }>>;
}

export interface BuildDashboardOptions {
  /** @default web/dist (beside this file) */
  readonly outDir?: string;
  /** @default true */
  readonly minify?: boolean;
}

const here = __dirname;
const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * Bundles the dashboard with esbuild: content-hashed asset names (so they can be cached forever), an HTML shell that
 * names them, and a `.br` and `.gz` beside every asset so the server never compresses on a request.
 */
export async function buildDashboard(options: BuildDashboardOptions = {}): Promise<{ outDir: string; manifest: DashboardManifest }> {
  const outDir = resolve(options.outDir ?? join(here, 'dist'));
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'src', 'main.tsx')],
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: false,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    outdir: join(outDir, 'assets'),
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets: Record<string, { file: string; contentType: string }> = {};
  let script = '';
  let style = '';
  for (const output of Object.keys(result.metafile.outputs)) {
    const name = basename(output);
    const extension = name.slice(name.lastIndexOf('.'));
    const file = join('assets', name);
    const body = await readFile(join(outDir, file));
    await writeFile(join(outDir, `${file}.br`), brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
    await writeFile(join(outDir, `${file}.gz`), gzipSync(body, { level: 9 }));
    assets[`/assets/${name}`] = { file, contentType: contentTypes[extension] ?? 'application/octet-stream' };
    if (extension === '.js') script = `/assets/${name}`;
    if (extension === '.css') style = `/assets/${name}`;
  }
  const html = shell(script, style);
  await writeFile(join(outDir, 'index.html'), html);
  const manifest: DashboardManifest = { index: 'index.html', assets };
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { outDir, manifest };
}

function shell(script: string, style: string): string {
  const version = createHash('sha256').update(script + style).digest('hex').slice(0, 12);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="dashboard-version" content="${version}">
<title>Batch import</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${style}">
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The batch import dashboard needs JavaScript.</noscript>
</body>
</html>
`;
}

if (require.main === module) {
  // `tsx web/build.ts [OUT_DIR]`: the CDK bundling of the dashboard function builds into its bundle this way.
  buildDashboard({ outDir: process.argv[2] }).then(
    ({ outDir, manifest }) => console.log(`dashboard built in ${outDir}: ${Object.keys(manifest.assets).join(', ')}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
