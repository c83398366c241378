#!/usr/bin/env node
// `npm run lint`: ESLint over the workspace, then proof that the boundary rule is live, then Prettier's check
// (`npm run format .` fixes what it finds), then import cycles (tools/import-cycles.mjs, with its own probe).
// @nx/enforce-module-boundaries reads Nx's cached project graph and, when there is none (a fresh clone,
// after `nx reset`), skips itself with only a warning; so this builds the graph first, and then lints probe
// imports that must fail (an app importing an app, a lib importing an app, ...). A boundary rule that
// silently stopped working fails here instead of passing everything.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { createProjectGraphAsync } from 'nx/src/devkit-exports.js';
import { importCycles } from './import-cycles.mjs';

await createProjectGraphAsync({ exitOnError: true });

const eslint = new ESLint();
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
const report = await formatter.format(results);
if (report) console.log(report);
let failed = results.reduce((n, r) => n + r.errorCount, 0);

const probes = [
  { file: 'apps/connector/src/boundary-probe.ts', code: "import '@infra/server';\n", why: 'an app importing an app' },
  { file: 'libs/access/src/boundary-probe.ts', code: "import '@infra/cli';\n", why: 'a lib importing an app' },
  // The test-only exception (another app's /testing entry) holds in specs and src/testing only.
  {
    file: 'apps/cli/src/commands/boundary-probe.ts',
    code: "import '@infra/server/testing';\n",
    why: "production code importing an app's testing entry",
  },
  {
    file: 'apps/server/src/modules/scim/boundary-probe.ts',
    code: "import '../../testing/mocha.js';\n",
    why: 'production code importing test support by a relative path',
    rule: 'no-restricted-imports',
  },
];
for (const p of probes) {
  const [r] = await eslint.lintText(p.code, { filePath: p.file });
  const rule = p.rule ?? '@nx/enforce-module-boundaries';
  const caught = r.messages.some((m) => m.ruleId === rule && m.severity === 2);
  if (!caught) {
    failed++;
    console.log(`boundary rule did not reject ${p.why} (${p.file}: ${p.code.trim()})`);
  }
}
// Formatting: every tracked file Prettier handles and .prettierignore does not exclude.
const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
const unformatted = [];
for (const file of tracked) {
  const info = await prettier.getFileInfo(file, { ignorePath: '.prettierignore' });
  if (info.ignored || !info.inferredParser) continue;
  const options = { ...(await prettier.resolveConfig(file)), filepath: file };
  if (!(await prettier.check(readFileSync(file, 'utf8'), options))) unformatted.push(file);
}
if (unformatted.length) {
  failed += unformatted.length;
  console.log(`not formatted (run \`npm run format -- <file>\`):\n  ${unformatted.join('\n  ')}`);
}

// Import cycles, in the workspace and in a probe pair that must be caught (a value cycle; a type-only one is not).
const cycles = importCycles(tracked.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts')));
for (const cycle of cycles) console.log(`import cycle: ${cycle.join(' -> ')}`);
failed += cycles.length;
const probeDir = mkdtempSync(join(tmpdir(), 'infra-cycle-probe-'));
try {
  const probe = (name, code) => (writeFileSync(join(probeDir, name), code), join(probeDir, name));
  const found = importCycles([
    probe('a.ts', "import { b } from './b.js';\nexport const a = () => b;\n"),
    probe('b.ts', "import { a } from './a.js';\nexport const b = () => a;\n"),
    probe('c.ts', "import type { D } from './d.js';\nexport type C = D;\n"),
    probe('d.ts', "import { type C } from './c.js';\nexport type D = C;\n"),
  ]);
  if (found.length !== 1 || !found[0].some((f) => f.endsWith('a.ts'))) {
    failed++;
    console.log(`the import-cycle check missed the probe cycle a.ts -> b.ts -> a.ts (or counted a type-only one)`);
  }
} finally {
  rmSync(probeDir, { recursive: true, force: true });
}

console.log(
  failed === 0
    ? `lint clean; boundary rule rejects all ${probes.length} probes; formatting clean; no import cycles`
    : `lint: ${failed} error(s)`,
);
process.exit(failed === 0 ? 0 : 1);
