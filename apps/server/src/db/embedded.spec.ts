// The embedded database has no authentication, so only this user may reach it: no TCP port, a 0600 socket in a
// 0700 directory, and an owner-only data dir and root key.
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestServer } from '../testing/test-server.js';
import { startTestServer } from '../testing/test-server.js';
import { TestClient } from '../testing/test-client.js';

/** TCP ports this process listens on, from /proc (Linux): sockets in LISTEN state whose inode is one of our fds. */
function listeningTcpPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9]!)) ports.push(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return [...new Set(ports)].sort((a, b) => a - b);
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('the embedded database is reachable by this user only', function () {
  this.timeout(60_000);
  let server: TestServer | undefined;
  let dataDir: string;

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'infra-embedded-')), 'data');
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('listens on no TCP port of its own: only HTTP and gRPC are open', async () => {
    const before = listeningTcpPorts();
    server = await startTestServer({ database: 'pglite', dataDir });
    assert.equal((await new TestClient(server.url, server.adminKey).get('/api/users/self')).status, 200);
    const opened = listeningTcpPorts().filter((p) => !before.includes(p));
    const expected = [server.running().port, Number(server.grpcAddress!.split(':').pop())].sort((a, b) => a - b);
    assert.deepEqual(opened, expected, `listening on ${opened.join(', ')}; HTTP and gRPC are ${expected.join(', ')}`);
  });

  it('keeps its socket 0600 in a 0700 directory, its data dir 0700 and the root key 0600', async () => {
    server = await startTestServer({ database: 'pglite', dataDir });
    const socket = join(dataDir, 'run', '.s.PGSQL.5432');
    assert.ok(statSync(socket).isSocket(), `${socket} is not a socket`);
    assert.equal(mode(socket), '600', 'socket');
    assert.equal(mode(join(dataDir, 'run')), '700', 'socket directory');
    assert.equal(mode(dataDir), '700', 'data dir');
    assert.equal(mode(join(dataDir, 'db')), '700', 'database dir');
    assert.equal(mode(join(dataDir, 'root.key')), '600', 'root key');
  });

  it('tightens a data dir that others could read to 0700', async () => {
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, 0o755);
    server = await startTestServer({ database: 'pglite', dataDir });
    assert.equal(mode(dataDir), '700');
  });

  it('refuses a data dir that belongs to another user, saying whose it is', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can give a directory away
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chownSync(dataDir, 65534, 65534);
    await assert.rejects(startTestServer({ database: 'pglite', dataDir }), /belongs to user 65534.*INFRA_DATA_DIR/s);
  });
});
