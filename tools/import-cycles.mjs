// Import cycles between a package's own files (relative imports), found with TypeScript's parser (no type check):
// a cycle makes load order decide which module sees the other half-initialised. Imports that vanish at run time
// (`import type`, or every name marked `type`) do not count, nor do `await import()` calls: those are the
// project's way to load a module lazily, after both sides have finished loading.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

/** The runtime edges of one file: the files its relative imports and re-exports load. */
function edges(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out = [];
  for (const node of source.statements) {
    let spec;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          clause.namedBindings &&
          ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 &&
          clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) spec = node.moduleSpecifier;
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      spec = node.moduleSpecifier;
    }
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    const base = normalize(join(dirname(file), spec.text)).replace(/\.js$/, '');
    const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => existsSync(f));
    if (target) out.push(target);
  }
  return out;
}

/** Each cycle once, as the chain of files from its first-reached member back to itself. */
export function importCycles(files) {
  const graph = new Map(files.map((f) => [f, edges(f, readFileSync(f, 'utf8'))]));
  const state = new Map(); // 1: on the current path, 2: done
  const path = [];
  const cycles = [];
  const visit = (file) => {
    state.set(file, 1);
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 1) cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 2);
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}
