// `infra login --user EMAIL --password-stdin`: scripts log in with a password without a terminal.
import assert from 'node:assert/strict';
import { startBackend, type Backend } from '../testing/backend.js';
import { runBinary, runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';
import { ConfigStore } from '../config.js';

describe('infra login --password-stdin', () => {
  let server: Backend;
  let t: TestEnv;
  before(async () => {
    server = await startBackend();
  });
  after(() => server?.stop());
  beforeEach(() => {
    t = tempEnv();
  });
  afterEach(() => t.cleanup());

  /** A local user whose one-time password was replaced by `password`. */
  async function localUser(name: string, password: string): Promise<void> {
    const { oneTimePassword } = await server.admin<{ oneTimePassword: string }>('POST', '/api/users', { name });
    const first = tempEnv();
    try {
      const r = await runInProcess(first, ['login', server.url, '--user', name], {
        answers: [oneTimePassword, password, password],
      });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      first.cleanup();
    }
  }

  it('reads the password from a pipe, without the newline echo adds, in the real binary', async () => {
    await localUser('ci@example.com', 'piped-password-1');
    const r = await runBinary(
      t,
      ['login', server.url, '--user', 'ci@example.com', '--password-stdin'],
      {},
      'piped-password-1\n',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Logged in to .* as ci@example\.com\./);
    assert.equal(new ConfigStore(t.home).current()?.session?.name, 'ci@example.com');
  });

  it('refuses a wrong password in one sentence, storing no session', async () => {
    await localUser('wrong@example.com', 'right-password-1');
    const r = await runInProcess(t, ['login', server.url, '--user', 'wrong@example.com', '--password-stdin'], {
      stdin: 'not-the-password\n',
    });
    assert.deepEqual(
      [r.code, r.stderr],
      [
        1,
        `error: ${server.url} did not accept that email and password: try again, or ask an admin to reset your password\n`,
      ],
    );
    assert.equal(new ConfigStore(t.home).current()?.session, undefined);
  });

  it('needs --user, and refuses empty input', async () => {
    let r = await runInProcess(t, ['login', server.url, '--password-stdin'], { stdin: 'x\n' });
    assert.deepEqual(
      [r.code, r.stderr],
      [1, 'error: --password-stdin needs --user EMAIL, and no --key or --provider\n'],
    );
    r = await runInProcess(t, ['login', server.url, '--user', 'a@example.com', '--password-stdin'], { stdin: '\n' });
    assert.deepEqual([r.code, r.stderr], [1, 'error: --password-stdin read no password from standard input\n']);
  });

  it('does not log in with a one-time password it cannot replace, and says how to', async () => {
    const { oneTimePassword } = await server.admin<{ oneTimePassword: string }>('POST', '/api/users', {
      name: 'fresh@example.com',
    });
    const r = await runInProcess(t, ['login', server.url, '--user', 'fresh@example.com', '--password-stdin'], {
      stdin: oneTimePassword,
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `error: the password of fresh@example.com is a one-time password: run \`infra login ${server.url} --user fresh@example.com\` in a terminal to choose a new one\n`,
    );
    assert.equal(new ConfigStore(t.home).current()?.session, undefined);
    assert.deepEqual(r.prompt.asked, [], 'it prompted');
  });
});
