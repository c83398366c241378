import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PodFiles } from './pod-files.js';
import { runCommand } from './shell.js';
import { readTar, TarError, writeTar, type TarEntry } from './tar.js';

const file = (name: string, data: string | Buffer, mode = 0o644): TarEntry => ({
  name,
  type: 'file',
  mode,
  mtime: 1_700_000_000,
  data: Buffer.from(data),
});
const dir = (name: string): TarEntry => ({
  name,
  type: 'dir',
  mode: 0o755,
  mtime: 1_700_000_000,
  data: Buffer.alloc(0),
});

/** Runs a command in a pod with these files; returns its exit code and output. */
async function exec(
  files: PodFiles,
  argv: string[],
  stdin?: Buffer,
): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const out: Buffer[] = [];
  let stderr = '';
  const code = await runCommand(
    argv,
    {
      stdin: stdin && Readable.from([stdin]),
      stdout: (d) => out.push(Buffer.from(d)),
      stderr: (d) => (stderr += d.toString()),
      signal: new AbortController().signal,
    },
    { namespace: 'default', pod: 'web', container: 'main', files },
  );
  return { code, stdout: Buffer.concat(out), stderr };
}

describe('the simulated container: ustar archives and files', () => {
  it('reads back what it writes: files of every size around a block, directories, binary bytes', () => {
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const entries = [
      dir('d'),
      file('d/empty', ''),
      file('d/511', 'a'.repeat(511)),
      file('d/512', 'b'.repeat(512)),
      file('d/513', 'c'.repeat(513)),
      file('d/bin', binary, 0o755),
    ];
    const archive = writeTar(entries);
    assert.equal(archive.length % 512, 0);
    assert.ok(
      archive.subarray(-1024).every((b) => b === 0),
      'ends with two zero blocks',
    );
    assert.equal(archive.toString('latin1', 257, 263), 'ustar\0');
    assert.deepEqual(readTar(archive), entries);
  });

  it('keeps long and non-ASCII names: ustar prefix when it can split, a PAX record when not', () => {
    const split = `${'p'.repeat(120)}/${'n'.repeat(90)}`;
    const unsplittable = 'x'.repeat(150);
    const entries = [file(split, '1'), file(unsplittable, '2'), file('répertoire/ﬁchier', '3')];
    const archive = writeTar(entries);
    assert.deepEqual(
      readTar(archive).map((e) => e.name),
      entries.map((e) => e.name),
    );
    assert.equal(archive.toString('latin1', 345, 465), 'p'.repeat(120), 'the prefix field');
    assert.equal(String.fromCharCode(archive[512 * 2 + 156]), 'x', 'a PAX header before the long name');
  });

  it('refuses what is not an archive, and a cut one', () => {
    const archive = writeTar([file('a', 'x'.repeat(1000))]);
    const bad = Buffer.from(archive);
    bad[0] ^= 1;
    assert.throws(() => readTar(bad), TarError);
    assert.throws(() => readTar(archive.subarray(0, 1024)), /Unexpected EOF/);
  });

  it('tar cf - copies a directory out and tar -xmf - -C puts it back elsewhere, as kubectl cp runs them', async () => {
    const files = new PodFiles('web');
    files.mkdir('/srv/site/css', { parents: true });
    files.writeFile('/srv/site/index.html', Buffer.from('<h1>hi</h1>'));
    files.writeFile('/srv/site/css/a.css', Buffer.from([0, 255, 10]), 0o600);
    const out = await exec(files, ['tar', 'cf', '-', '/srv/site']);
    assert.equal(out.code, 0);
    assert.equal(out.stderr, "tar: Removing leading `/' from member names\n");
    assert.deepEqual(
      readTar(out.stdout).map((e) => e.name),
      ['srv/site', 'srv/site/css', 'srv/site/css/a.css', 'srv/site/index.html'],
    );

    files.mkdir('/copy');
    const into = await exec(
      files,
      ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-', '-C', '/copy'],
      out.stdout,
    );
    assert.equal(into.code, 0, into.stderr);
    assert.deepEqual(files.readFile('/copy/srv/site/css/a.css'), Buffer.from([0, 255, 10]));
    assert.equal((await exec(files, ['cat', '/copy/srv/site/index.html'])).stdout.toString(), '<h1>hi</h1>');
    assert.equal((await exec(files, ['ls', '/copy/srv/site'])).stdout.toString(), 'css\nindex.html\n');
    assert.equal(
      (await exec(files, ['tar', 'tf', '-'], out.stdout)).stdout.toString(),
      'srv/site/\nsrv/site/css/\nsrv/site/css/a.css\nsrv/site/index.html\n',
    );
  });

  it('fails as GNU tar does: missing files, a missing -C directory, no mode, member names with ..', async () => {
    const files = new PodFiles('web');
    const missing = await exec(files, ['tar', 'cf', '-', '/nope']);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /tar: \/nope: Cannot stat: No such file or directory\ntar: Exiting with failure status/,
    );
    const noDir = await exec(files, ['tar', '-xmf', '-', '-C', '/absent'], writeTar([file('a', 'x')]));
    assert.deepEqual([noDir.code, noDir.stderr], [2, 'tar: /absent: Cannot open: No such file or directory\n']);
    assert.equal((await exec(files, ['tar', '-f', '-'])).code, 64);
    const escape = await exec(files, ['tar', 'xf', '-', '-C', '/tmp'], writeTar([file('../../etc/passwd', 'x')]));
    assert.equal(escape.code, 2);
    assert.match(escape.stderr, /Member name contains '\.\.'/);
    assert.equal(files.get('/etc/passwd'), undefined);
    const garbage = await exec(files, ['tar', 'xf', '-'], Buffer.alloc(1024, 7));
    assert.deepEqual([garbage.code, garbage.stderr], [2, 'tar: This does not look like a tar archive\n']);
  });

  it('cat, ls, test and mkdir see the same files and fail like coreutils', async () => {
    const files = new PodFiles('web');
    assert.equal((await exec(files, ['cat', '/etc/hostname'])).stdout.toString(), 'web\n');
    assert.deepEqual(await exec(files, ['cat', '/nope']), {
      code: 1,
      stdout: Buffer.alloc(0),
      stderr: 'cat: /nope: No such file or directory\n',
    });
    assert.equal((await exec(files, ['ls', '/nope'])).stderr, "ls: cannot access '/nope': No such file or directory\n");
    assert.equal((await exec(files, ['test', '-d', '/tmp'])).code, 0);
    assert.equal((await exec(files, ['test', '-d', '/etc/hostname'])).code, 1);
    assert.equal((await exec(files, ['[', '-f', '/etc/hostname', ']'])).code, 0);
    assert.equal((await exec(files, ['mkdir', '-p', '/a/b/c'])).code, 0);
    assert.equal((await exec(files, ['mkdir', '/a'])).stderr, "mkdir: cannot create directory '/a': File exists\n");
    assert.equal((await exec(files, ['ls', '/a', '/tmp'])).stdout.toString(), '/a:\nb\n\n/tmp:\n');
  });

  it('GNU tar reads our archives and we read its own', function () {
    if (spawnSync('tar', ['--version']).status !== 0) this.skip();
    const tmp = mkdtempSync(join(tmpdir(), 'tar-spec-'));
    try {
      const long = `${'l'.repeat(60)}/${'m'.repeat(60)}/${'n'.repeat(60)}`;
      writeFileSync(
        join(tmp, 'ours.tar'),
        writeTar([dir('out'), file('out/a.txt', 'alpha'), file(`out/${long}`, 'long one'), file('out/ünï', 'u')]),
      );
      mkdirSync(join(tmp, 'x'));
      const x = spawnSync('tar', ['xf', join(tmp, 'ours.tar'), '-C', join(tmp, 'x')]);
      assert.equal(x.status, 0, x.stderr.toString());
      assert.equal(readFileSync(join(tmp, 'x/out/a.txt'), 'utf8'), 'alpha');
      assert.equal(readFileSync(join(tmp, 'x/out', long), 'utf8'), 'long one');
      assert.equal(readFileSync(join(tmp, 'x/out/ünï'), 'utf8'), 'u');

      const c = spawnSync('tar', ['cf', '-', '-C', join(tmp, 'x'), 'out'], { maxBuffer: 1 << 24 }); // GNU format, 'L' long names
      assert.equal(c.status, 0, c.stderr.toString());
      const names = readTar(c.stdout)
        .map((e) => e.name)
        .sort();
      assert.deepEqual(
        names,
        [
          'out',
          'out/a.txt',
          `out/${long}`,
          `out/${long.split('/').slice(0, 1)}`,
          `out/${long.split('/').slice(0, 2).join('/')}`,
          'out/ünï',
        ].sort(),
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
