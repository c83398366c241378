// esbuild options shared by the apps bundled for Node (apps/cli/bundle.mjs, apps/connector/bundle.mjs): one ES module
// for Node 20+, its CommonJS dependencies inside it.

/** esbuild's build options for a Node ES module bundle; the caller adds entry points, output and its own options. */
export function nodeBundleOptions() {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS packages call require() for node's modules, which ESM lacks.
    banner: {
      js: "import { createRequire as __infraCreateRequire } from 'node:module'; const require = __infraCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  };
}
