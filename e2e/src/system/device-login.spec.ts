// Headless login, end to end: `infra login --no-browser` on a machine with no browser (the real binary), approved with
// `infra device approve CODE` from another computer where the person is logged in; after an admin's grant, kubectl on
// the headless machine reaches the cluster through the connector as that person.
import assert from 'node:assert/strict';
import { within } from '@infra/server/testing';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';

/** The CLI waits one poll interval (5 s) after approval; the rest takes well under a second when the rule holds. */
const LOGIN_DEADLINE_MS = 15_000;

describe('device login (infra login --no-browser), with the whole system', function () {
  this.timeout(120_000);
  const sys = useSystem();
  const people: CliUser[] = [];
  after(() => people.forEach((p) => p.cleanup()));

  it('a headless CLI logs in by a code approved from a second CLI, and kubectl works there after a grant', async () => {
    const s = sys();
    s.kube.addPod({ name: 'nginx' });
    const person = await s.createUser('headless@example.com');
    const laptop = new CliUser();
    const server = new CliUser();
    people.push(laptop, server);
    assert.equal((await laptop.infra(['login', s.url, '--key', person.key])).code, 0);

    let approval = '';
    const login = await within(
      'the headless login to finish after approval',
      server.deviceLogin(['login', s.url, '--no-browser'], async (code) => {
        const r = await laptop.infra(['device', 'approve', code]);
        approval = r.code === 0 ? r.stdout : r.stderr;
      }),
      LOGIN_DEADLINE_MS,
    );
    assert.equal(login.code, 0, login.stderr);
    assert.match(
      approval,
      /^Approved: the machine that shows [A-Z]{4}-[A-Z]{4} is now logged in as headless@example\.com\.\n$/,
    );
    assert.match(login.stderr, new RegExp(`open ${s.url}/device on any device`));
    assert.match(login.stdout, /Logged in to .* as headless@example\.com\.\nYou have no access to any destination yet/);

    await s.waitForGrantInConnector(await s.grant({ user: 'headless@example.com' }, 'view', 'production'));
    assert.equal((await server.infra(['use', 'production'])).code, 0);
    const pods = await server.kubectl(['get', 'pods']);
    assert.equal(pods.code, 0, pods.stderr);
    assert.match(pods.stdout, /^nginx\s+1\/1\s+Running/m);

    // The headless session descends from the laptop's: logging out there ends it on the headless machine too.
    assert.equal((await laptop.infra(['logout'])).code, 0);
    const list = await server.infra(['list']);
    assert.deepEqual([list.code, list.stderr], [1, 'error: your Infra session has ended: run `infra login`\n']);
  });
});
