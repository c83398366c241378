// A server started without INFRA_HTTP_HOST is reachable on loopback only: not offered to the network by surprise.
import assert from 'node:assert/strict';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { within } from '../testing/deadline.js';

/** 'connected' or the connect error's code. */
function dial(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('the address the server binds', function () {
  this.timeout(30_000);
  let server: TestServer | undefined;
  after(() => server?.stop());

  it("is loopback by default: REST and gRPC refuse connections on the machine's other addresses", async function () {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4');
    if (!external) this.skip(); // nothing but loopback here: nothing to be exposed on
    server = await startTestServer({ env: { INFRA_HTTP_HOST: '' } });
    const { port } = new URL(server.url);
    const grpcPort = Number(server.grpcAddress?.split(':').pop());
    assert.equal(await within('dialing loopback', dial('127.0.0.1', Number(port))), 'connected');
    assert.equal(
      await within('dialing the external address', dial(external!.address, Number(port))),
      'ECONNREFUSED',
      `REST answers on ${external!.address}`,
    );
    assert.equal(
      await within('dialing gRPC on the external address', dial(external!.address, grpcPort)),
      'ECONNREFUSED',
      `gRPC answers on ${external!.address}`,
    );
  });
});
