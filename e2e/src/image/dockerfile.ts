// A Dockerfile read into stages of instructions, with the subset of the syntax deploy/docker/Dockerfile uses.
// Anything else is refused by name rather than skipped, so that the by-hand build never silently differs from
// what `docker build` would do.

export type Instruction =
  | { op: 'ARG'; line: number; name: string; value?: string }
  | { op: 'ENV'; line: number; pairs: [string, string][] }
  | { op: 'WORKDIR'; line: number; path: string }
  | { op: 'COPY'; line: number; from?: string; chown?: string; sources: string[]; dest: string }
  | { op: 'RUN'; line: number; command: string }
  | { op: 'USER'; line: number; user: string }
  | { op: 'ENTRYPOINT'; line: number; argv: string[] }
  | { op: 'CMD'; line: number; argv: string[] };

export interface Stage {
  index: number;
  name?: string;
  base: string; // an earlier stage's name or an image reference (ARG references left as written)
  line: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  globalArgs: { name: string; value?: string }[];
  stages: Stage[];
}

/** Instructions that only describe the image (ports, labels): nothing to do when building by hand. */
const DESCRIPTIVE = new Set(['EXPOSE', 'LABEL', 'STOPSIGNAL']);

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Dockerfile['globalArgs'] = [];
  const stages: Stage[] = [];
  for (const { line, op, rest } of logicalLines(text)) {
    const fail = (why: string): never => {
      throw new Error(`Dockerfile line ${line} (${op}): ${why}`);
    };
    if (op === 'FROM') {
      const words = rest.split(/\s+/).filter((w) => !w.startsWith('--platform='));
      if (words.length !== 1 && !(words.length === 3 && words[1].toUpperCase() === 'AS'))
        fail('expected FROM <image> [AS <name>]');
      stages.push({ index: stages.length, base: words[0], name: words[2]?.toLowerCase(), line, instructions: [] });
      continue;
    }
    if (op === 'ARG' && stages.length === 0) {
      globalArgs.push(parseArg(rest));
      continue;
    }
    const stage = stages.at(-1) ?? fail('instruction before the first FROM');
    if (DESCRIPTIVE.has(op)) continue;
    stage.instructions.push(parseInstruction(op, rest, line, fail));
  }
  return { globalArgs, stages };
}

function parseInstruction(op: string, rest: string, line: number, fail: (why: string) => never): Instruction {
  switch (op) {
    case 'ARG':
      return { op, line, ...parseArg(rest) };
    case 'ENV':
      return { op, line, pairs: parseEnv(rest, fail) };
    case 'WORKDIR':
      return { op, line, path: rest };
    case 'USER':
      return { op, line, user: rest };
    case 'ENTRYPOINT':
    case 'CMD':
      return { op, line, argv: rest.startsWith('[') ? (JSON.parse(rest) as string[]) : ['/bin/sh', '-c', rest] };
    case 'RUN': {
      const { flags, words } = splitFlags(rest);
      for (const [flag, value] of flags) {
        // A cache mount only speeds up npm; the by-hand build uses the host's npm cache instead.
        if (flag !== 'mount' || !/^type=cache(,|$)/.test(value))
          fail(`RUN --${flag}=${value} is not modelled by the by-hand build`);
      }
      return { op, line, command: words };
    }
    case 'COPY': {
      const { flags, words } = splitFlags(rest);
      const copy: Extract<Instruction, { op: 'COPY' }> = { op, line, sources: [], dest: '' };
      for (const [flag, value] of flags) {
        if (flag === 'from') copy.from = value.toLowerCase();
        else if (flag === 'chown') copy.chown = value;
        else if (flag !== 'link') fail(`COPY --${flag} is not modelled by the by-hand build`);
      }
      const paths = words.startsWith('[') ? (JSON.parse(words) as string[]) : words.split(/\s+/);
      if (paths.length < 2) fail('COPY needs a source and a destination');
      if (paths.some((p) => /[*?[]/.test(p))) fail('wildcards are not modelled by the by-hand build: name each path');
      copy.dest = paths.pop()!;
      copy.sources = paths;
      if (copy.sources.length > 1 && !copy.dest.endsWith('/'))
        fail('with several sources the destination must end with /');
      return copy;
    }
    default:
      return fail('not modelled by the by-hand build (e2e/src/image/dockerfile.ts); use the instructions it knows');
  }
}

/** Physical lines joined at trailing backslashes; comments and blank lines dropped (also inside a continuation). */
function* logicalLines(text: string): Generator<{ line: number; op: string; rest: string }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let current = lines[i].trim();
    if (current === '' || current.startsWith('#')) continue;
    while (current.endsWith('\\') && i + 1 < lines.length) {
      current = current.slice(0, -1);
      let next = lines[++i].trim();
      while ((next === '' || next.startsWith('#')) && i + 1 < lines.length) next = lines[++i].trim(); // as Docker does
      current += ` ${next}`;
    }
    const m = /^(\S+)\s*(.*)$/s.exec(current)!;
    yield { line: start, op: m[1].toUpperCase(), rest: m[2].trim() };
  }
}

function splitFlags(rest: string): { flags: [string, string][]; words: string } {
  const flags: [string, string][] = [];
  let words = rest;
  for (let m = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(words); m; m = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(words)) {
    flags.push([m[1], m[2] ?? '']);
    words = words.slice(m[0].length);
  }
  return { flags, words };
}

function parseArg(rest: string): { name: string; value?: string } {
  const eq = rest.indexOf('=');
  return eq < 0 ? { name: rest } : { name: rest.slice(0, eq), value: unquote(rest.slice(eq + 1)) };
}

function parseEnv(rest: string, fail: (why: string) => never): [string, string][] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(rest)) {
    const m = /^(\S+)\s+(.*)$/.exec(rest) ?? fail('expected ENV <name>=<value> ...');
    return [[m[1], m[2]]];
  }
  const pairs: [string, string][] = [];
  for (const m of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)\s*/g))
    pairs.push([m[1], unquote(m[2])]);
  return pairs;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

/** Docker's $NAME and ${NAME} substitution (unset names become empty, as in Docker). */
export function substitute(text: string, vars: Readonly<Record<string, string | undefined>>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, a?: string, b?: string) => vars[(a ?? b)!] ?? '',
  );
}
