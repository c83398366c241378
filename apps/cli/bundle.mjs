#!/usr/bin/env node
// Bundles the CLI into one ESM file, bundle/infra.mjs, the only code in the npm package (`npm pack -w apps/cli`
// runs this as prepack): the workspace libraries and commander/yaml are inside, so `npm install -g` of the
// tarball fetches nothing. Built from the TypeScript sources (no `tsc` needed first); dist/ stays what the tests run.
//
//   node bundle.mjs [--outfile <path>]
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 ? process.argv[at + 1] : here('./bundle/infra.mjs');

await build({
  entryPoints: [here('./src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // No code splitting: main.ts's dynamic imports become lazily run module wrappers in the same file, so
  // `infra credentials` still runs only the plugin's modules.
  splitting: false,
  // The workspace library from its sources, whether or not `tsc -b` has built its dist/.
  alias: { '@infra/access': here('../../libs/access/src/index.ts') },
  // sync.ts: in the bundle every module's import.meta.url is the bundle itself.
  define: { INFRA_BUNDLE: 'true' },
  // CommonJS packages (commander) call require() for node's modules, which ESM lacks.
  banner: { js: "import { createRequire as __infraCreateRequire } from 'node:module'; const require = __infraCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
