// `infra login --no-browser`: one CLI shows a code and waits; a second, logged-in CLI approves it with
// `infra device approve CODE`; the first ends logged in as the approver, having polled at the server's interval.
import assert from 'node:assert/strict';
import { within } from '@infra/server/testing';
import { ConfigStore } from '../config.js';
import { startBackend, type Backend } from '../testing/backend.js';
import { runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';

const CODE = /enter the code:\n\n {4}([A-Z]{4}-[A-Z]{4})\n/;

describe('infra login --no-browser and infra device approve', function () {
  this.timeout(20_000);
  let server: Backend;
  let waiting: TestEnv;
  let approver: TestEnv;
  let user = 0;
  let name: string;
  before(async function () {
    server = await startBackend();
    if (server.kind === 'fake') this.skip(); // the in-memory fake has no device login
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    waiting = tempEnv();
    approver = tempEnv();
    name = `phone${++user}@example.com`;
    const { key } = await server.addUser(name);
    assert.equal((await runInProcess(approver, ['login', server.url, '--key', key])).code, 0);
  });
  afterEach(() => {
    waiting.cleanup();
    approver.cleanup();
  });

  /** Runs `infra login --no-browser`; at its first wait, `act` gets the code it printed. */
  function loginNoBrowser(act: (code: string) => Promise<void>, extra: string[] = []) {
    const slept: number[] = [];
    const done = runInProcess(waiting, ['login', server.url, '--no-browser', ...extra], {
      sleep: async (ms, stderr) => {
        slept.push(ms);
        if (slept.length === 1) await act(stderr().match(CODE)?.[1] ?? assert.fail(`no code in:\n${stderr()}`));
      },
    });
    return { slept, done: within('infra login --no-browser to finish', done) };
  }

  it('prints the code and the page, and logs in as whoever approves it from another CLI', async () => {
    let approved = '';
    const { slept, done } = loginNoBrowser(async (code) => {
      const r = await runInProcess(approver, ['device', 'approve', code]);
      assert.equal(r.code, 0, r.stderr);
      approved = r.stdout;
    });
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`open ${server.url}/device on any device where you are signed in to Infra`));
    assert.match(r.stderr, /run `infra device approve [A-Z]{4}-[A-Z]{4}` where you are logged in/);
    assert.match(
      approved,
      new RegExp(`^Approved: the machine that shows [A-Z]{4}-[A-Z]{4} is now logged in as ${name}\\.\\n$`),
    );
    assert.match(r.stdout, new RegExp(`^Logged in to ${server.url} as ${name}\\.`));
    assert.equal(new ConfigStore(waiting.home).current()?.session?.name, name);
    assert.deepEqual(slept, [5000], "waits the server's 5 s interval before polling");
  });

  it('keeps polling while the login is pending, and slows down when the server says slow_down', async () => {
    // The hook returns at once, so the second poll comes too early: slow_down, and the CLI waits 10 s next time.
    let polls = 0;
    const slept: number[] = [];
    const r = await within(
      'infra login --no-browser to finish',
      runInProcess(waiting, ['login', server.url, '--no-browser'], {
        sleep: async (ms, stderr) => {
          slept.push(ms);
          if (++polls === 3) {
            const code = stderr().match(CODE)![1]!;
            assert.equal((await runInProcess(approver, ['device', 'approve', code])).code, 0);
          }
        },
      }),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(slept, [5000, 5000, 10000]);
  });

  it('fails with one sentence when the login is denied', async () => {
    const { done } = loginNoBrowser(async (code) => {
      assert.equal(
        (await runInProcess(approver, ['device', 'deny', code])).stdout,
        `Denied: the machine that shows ${code} is not logged in.\n`,
      );
    });
    const r = await done;
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /error: this login was denied on the approval page: run `infra login --no-browser` again if that was a mistake\n$/,
    );
    assert.equal(new ConfigStore(waiting.home).current()?.session, undefined);
  });

  it('a wrong code is refused with a sentence that says what to do', async () => {
    const r = await runInProcess(approver, ['device', 'approve', 'BCDF-GHJK']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'error: no device is waiting with code BCDF-GHJK: it may have expired or been used; on the device, run `infra login --no-browser` again\n',
    );
    const bad = await runInProcess(approver, ['device', 'approve', 'nope']);
    assert.equal(bad.stderr, 'error: userCode must be the 8 letters the device shows, like BCDF-GHJK\n');
  });

  it('approving needs a logged-in CLI', async () => {
    const r = await runInProcess(waiting, ['device', 'approve', 'BCDF-GHJK']);
    assert.equal(r.stderr, 'error: you are not logged in: run `infra login SERVER` first\n');
  });

  it('with --provider, refuses a provider the server does not know before showing a code', async () => {
    const unknown = await runInProcess(waiting, ['login', server.url, '--no-browser', '--provider', 'nope']);
    assert.deepEqual(
      [unknown.code, unknown.stderr],
      [1, `error: ${server.url} has no identity provider named nope: run \`infra providers list\` to see them\n`],
    );
  });

  it('refuses --no-browser with --key or --user', async () => {
    const r = await runInProcess(waiting, ['login', server.url, '--no-browser', '--user', 'x@example.com']);
    assert.equal(r.stderr, 'error: --no-browser logs in by approving a code elsewhere: give no --key or --user\n');
  });
});
