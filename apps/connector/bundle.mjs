#!/usr/bin/env node
// Bundles the connector for its image: bundle/main.mjs holds the connector and every package it loads, with the one
// .proto file it reads at start beside it (bundle/proto/), so the image copies bundle/ and no node_modules.
// Built from the TypeScript sources (no `tsc` needed first); dist/ stays what tests run.
//
// Why: V8 keeps a module's whole source text for lazy compilation, and @kubernetes/client-node's 24.8 MB of `.js`
// is mostly JSDoc and whitespace. Minified (names kept, for stack traces and the error classes' names), the bundle
// is ~4.6 MB, and the idle connector's module floor drops from ~150 to ~100 MB RSS (tools/bench/README.md).
// Tree-shaking does not reach client-node's models: ObjectSerializer's typeMap names them all, and their static
// fields count as side effects (emptying the typeMap, which breaks serialisation, saved only 1 MB of heap).
//
//   node bundle.mjs [--outdir <dir>]
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from '../../tools/node-bundle.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : here('./bundle');
const PROTO = 'infra/connector/v1/connector.proto';

rmSync(outdir, { recursive: true, force: true });
await build({
  ...nodeBundleOptions(),
  entryPoints: { main: here('./src/main.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  target: 'node24',
  // The workspace libraries from their sources, whether or not `tsc -b` has built their dist/.
  alias: {
    '@infra/access': here('../../libs/access/src'),
    '@infra/kube-wire': here('../../libs/kube-wire/src'),
    '@infra/proto': here('../../libs/proto/src'),
  },
  // libs/proto finds the .proto files relative to its module, which in the bundle is main.mjs.
  define: { INFRA_PROTO_DIR: JSON.stringify('./proto') },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  // Licence comments go to main.mjs.LEGAL.txt: inside main.mjs they would stay in memory with the source.
  legalComments: 'external',
});
cpSync(here(`../../proto/${PROTO}`), join(outdir, 'proto', PROTO));
