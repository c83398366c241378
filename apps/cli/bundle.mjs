#!/usr/bin/env node
// Bundles the CLI for the npm package (`npm pack -w apps/cli` runs this as prepack): bundle/infra.mjs and the
// chunks it loads, all in bundle/. The workspace libraries and commander/yaml are inside, so `npm install -g` of the
// tarball fetches nothing. Built from the TypeScript sources (no `tsc` needed first); dist/ stays what tests run.
//
// Why chunks and not one file: an ES module's imports of node built-ins are static, so a single file would load
// node:http, node:tls, child_process… (and undici behind node:http) on every `infra credentials` that kubectl
// runs, and compile all of commander and yaml: measured 2x the plugin's CPU time of dist/ on a cache hit.
// With code splitting, main.ts's dynamic imports become chunks, and the plugin loads only its own.
//
//   node bundle.mjs [--outdir <dir>]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from '../../tools/node-bundle.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : here('./bundle');

await build({
  ...nodeBundleOptions(),
  entryPoints: { infra: here('./src/main.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  // Chunks sit next to infra.mjs: sync.ts finds the entry as ./infra.mjs from its own chunk.
  chunkNames: '[name]-[hash]',
  // The workspace library from its sources, whether or not `tsc -b` has built its dist/. The folder, so that its
  // subpath exports (@infra/access/connector-install → src/connector-install.ts) resolve as well as its index.
  alias: { '@infra/access': here('../../libs/access/src') },
  // sync.ts: kubectl must run the entry, and a module's import.meta.url in the bundle is its chunk.
  define: { INFRA_ENTRY: JSON.stringify('./infra.mjs') },
  legalComments: 'eof',
});
