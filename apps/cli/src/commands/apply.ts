// `infra apply -f infra.yaml [--dry-run]`: access as code. The server reads the file (so that `infra apply` and the
// server's --config-file share one parser and name the same line for the same problem); the CLI sends the text as
// written, plus the values of its secret references (`env:NAME`, `file:PATH`), resolved here, where the file is.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { isScalar, parseDocument, visit } from 'yaml';
import { ApiError } from '../api.js';
import { loggedIn, type Deps } from '../deps.js';
import { CliError } from '../errors.js';
import { examples } from './help.js';

interface ApplyOptions {
  file: string;
  dryRun?: boolean;
}

interface ApplyResponse {
  dryRun: boolean;
  changes: { op: string; kind: string; name: string; detail?: string }[];
  diff: string[];
}

/** Fields whose value may be a reference instead of a literal (the server's SECRET_FIELDS, apply/document.ts). */
const SECRET_FIELDS = new Set(['clientSecret', 'oktaAPIToken', 'googleServiceAccountKey']);
const REFERENCE = /^(env|file):(.+)$/;

export function registerApply(program: Command, deps: Deps): void {
  program
    .command('apply')
    .description(
      'Make Infra hold the providers, users, groups and grants a file declares (and drop those an earlier apply made that it no longer declares)',
    )
    .requiredOption('-f, --file <FILE>', 'the file (YAML): providers, roles, users, groups, grants')
    .option('--dry-run', 'print what would change, and change nothing')
    .addHelpText('after', examples(['infra apply -f infra.yaml --dry-run', 'infra apply -f infra.yaml']))
    .action((opts: ApplyOptions) => apply(deps, opts));
}

async function apply(deps: Deps, opts: ApplyOptions): Promise<void> {
  let document: string;
  try {
    document = readFileSync(opts.file, 'utf8');
  } catch (e) {
    throw new CliError(
      `cannot read ${opts.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): check the path`,
    );
  }
  const { api } = loggedIn(deps);
  const body = {
    document,
    fileName: opts.file,
    dryRun: opts.dryRun ?? false,
    secrets: resolveReferences(document, opts.file, deps.env),
  };
  let result: ApplyResponse;
  try {
    result = await api.post<ApplyResponse>('/api/apply', body);
  } catch (e) {
    // Each problem is a line `file:line: field: reason`; print them all, then say nothing changed.
    if (!(e instanceof ApiError) || e.status !== 400 || !e.body.message) throw e;
    const problems = e.body.message.split('\n');
    for (const line of problems) deps.out.info(line);
    throw new CliError(
      `nothing was applied: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${opts.file}`,
    );
  }
  if (deps.out.format !== 'table') return deps.out.data(result);
  for (const line of result.diff) deps.out.line(line);
  if (result.diff.length === 0) deps.out.info(`No changes: Infra already holds what ${opts.file} declares.`);
  else if (result.dryRun) deps.out.info(`Dry run: ${count(result.diff.length)} would be made; nothing was changed.`);
  else deps.out.info(`Applied ${count(result.diff.length)}.`);
}

function count(n: number): string {
  return `${n} change${n === 1 ? '' : 's'}`;
}

/**
 * The values of the secret references in the file, by reference. Unresolved ones are left out: the server names
 * them with their line. A file that is not valid YAML has none; the server reports why it is not valid.
 */
export function resolveReferences(text: string, file: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  visit(parseDocument(text), {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !SECRET_FIELDS.has(String(pair.key.value)) || !isScalar(pair.value)) return;
      const value = pair.value.value;
      const ref = typeof value === 'string' ? REFERENCE.exec(value) : null;
      if (!ref || out[value as string] !== undefined) return;
      const resolved = ref[1] === 'env' ? env[ref[2]!] : readSecretFile(resolve(dirname(file), ref[2]!));
      if (resolved !== undefined && resolved !== '') out[value as string] = resolved;
    },
  });
  return out;
}

function readSecretFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}
