// `infra <group> --help` and `infra <group> <command> --help` show what applies to every command: the global options
// (-o/--output) and how the server is chosen (there is no --server; it is the server of the last login).
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram } from './program.js';
import { runInProcess, tempEnv, type TestEnv } from './testing/cli.js';
import type { Deps } from './deps.js';

const OUTPUT =
  /^ {2}-o, --output <FORMAT> +output format \(choices: "table", "json", "yaml", "jsonl", default: "table"\)$/m;
const SERVER = /^Server: the one you last logged in to with `infra login SERVER` \(`infra about` shows it\)/m;

/** Every visible command path, e.g. ['grants'], ['grants', 'add'] (from the program's own tree, not a list kept here). */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands
    .filter((c) => !(c as unknown as { _hidden: boolean })._hidden && c.name() !== 'help')
    .flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

describe('help of each command', () => {
  let t: TestEnv;
  beforeEach(() => {
    t = tempEnv();
  });
  afterEach(() => t.cleanup());

  it('infra <group> --help lists -o/--output under Global Options and says which server is used', async () => {
    const r = await runInProcess(t, ['grants', '--help']);
    assert.equal(r.code, 0, r.stderr);
    const global = r.stdout.split('\nGlobal Options:\n')[1];
    assert.ok(global, `no Global Options section:\n${r.stdout}`);
    assert.match(global, OUTPUT);
    assert.match(r.stdout, SERVER);
  });

  it('so does every other command and subcommand', async () => {
    const paths = commandPaths(buildProgram({ version: '0.1.0' } as Deps));
    assert.ok(paths.length > 20, `only ${paths.length} commands found`);
    for (const argv of paths) {
      const r = await runInProcess(t, [...argv, '--help']);
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /\nGlobal Options:\n[\s\S]*-o, --output <FORMAT>/, `infra ${argv.join(' ')} --help`);
      assert.match(r.stdout, SERVER, `infra ${argv.join(' ')} --help`);
    }
  });

  it('infra --help lists -o/--output once, among its own options', async () => {
    const r = await runInProcess(t, ['--help']);
    assert.doesNotMatch(r.stdout, /Global Options:/);
    assert.equal(r.stdout.match(/--output <FORMAT>/g)?.length, 1);
    assert.match(r.stdout, SERVER);
  });
});
