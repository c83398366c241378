import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { runBinary, runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';

describe('infra about, version, completion and help', () => {
  let t: TestEnv;
  beforeEach(() => {
    t = tempEnv();
  });
  afterEach(() => t.cleanup());

  it('version works before logging in', async () => {
    const r = await runInProcess(t, ['version']);
    assert.deepEqual([r.code, r.stdout], [0, 'Client: 0.1.0\nServer: not logged in\n']);
    assert.deepEqual(JSON.parse((await runInProcess(t, ['version', '-o', 'json'])).stdout), { client: '0.1.0' });
  });

  it('about says where the files are', async () => {
    const r = await runInProcess(t, ['about']);
    assert.ok(r.stdout.includes(`Kubeconfig:  ${t.kubeconfig}\n`));
    assert.ok(r.stdout.includes(`Config:      ${t.home}/config.json\n`));
  });

  it('prints a bash completion script that bash accepts', async () => {
    const r = await runInProcess(t, ['completion', 'bash']);
    assert.match(r.stdout, /complete -F _infra infra/);
    assert.match(r.stdout, /grants\) words="add remove list"/);
    execFileSync('bash', ['-n'], { input: r.stdout });
    assert.match((await runInProcess(t, ['completion', 'zsh'])).stdout, /^#compdef infra\n/);
  });

  it('every command has help with examples, and credentials stays hidden', async () => {
    const top = await runBinary(t, ['--help']);
    assert.equal(top.code, 0);
    assert.ok(!top.stdout.includes('credentials'));
    for (const argv of [
      ['login'],
      ['logout'],
      ['list'],
      ['use'],
      ['grants', 'add'],
      ['grants', 'remove'],
      ['grants', 'list'],
      ['users', 'add'],
      ['groups', 'adduser'],
      ['keys', 'add'],
      ['destinations', 'add'],
      ['completion'],
      ['about'],
      ['version'],
      ['users', 'list'],
      ['groups', 'list'],
      ['keys', 'list'],
      ['destinations', 'list'],
      ['grants'],
    ]) {
      const r = await runInProcess(t, [...argv, '--help']);
      assert.equal(r.code, 0, argv.join(' '));
      assert.match(r.stdout, /\nExamples:\n  \$ .*infra /, argv.join(' '));
    }
  });
});
