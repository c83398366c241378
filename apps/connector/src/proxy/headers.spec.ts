import assert from 'node:assert/strict';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import fc from 'fast-check';
import {
  bearerToken,
  clientImpersonationHeaders,
  forwardedHeaders,
  impersonationHeaders,
  upgradeForwardedHeaders,
} from './headers.js';

function request(raw: string[]): IncomingMessage {
  return { rawHeaders: raw } as unknown as IncomingMessage;
}

const anyCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((flags) => [...s].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(''));

describe('proxy header rules', () => {
  it('finds client impersonation headers in any letter case', () => {
    fc.assert(
      fc.property(anyCase('impersonate-'), fc.stringMatching(/^[A-Za-z-]{1,20}$/), (prefix, rest) => {
        assert.deepEqual(clientImpersonationHeaders(request(['Accept', '*/*', prefix + rest, 'x'])), [prefix + rest]);
      }),
    );
  });

  it('strips every credential, impersonation and X-Remote-* header and keeps the rest', () => {
    fc.assert(
      fc.property(
        anyCase('authorization'),
        anyCase('impersonate-group'),
        anyCase('x-remote-'),
        fc.stringMatching(/^[a-z-]{1,12}$/),
        (auth, imp, remote, rest) => {
          const headers: IncomingHttpHeaders = {
            [auth]: 'Bearer x',
            [imp]: 'system:masters',
            [remote + rest]: 'admin',
            accept: 'application/json',
            'kubectl-command': 'kubectl get',
          };
          assert.deepEqual(Object.keys(forwardedHeaders(headers)).sort(), ['accept', 'kubectl-command']);
          const raw = Object.entries(headers).flatMap(([n, v]) => [n, String(v)]);
          assert.deepEqual(upgradeForwardedHeaders(raw), [
            'accept',
            'application/json',
            'kubectl-command',
            'kubectl get',
            'Connection',
            'Upgrade',
          ]);
        },
      ),
    );
  });

  it('drops hop-by-hop headers and every header the client Connection names on plain requests', () => {
    const headers: IncomingHttpHeaders = {
      connection: 'keep-alive, Kubectl-Session',
      'keep-alive': 'timeout=5',
      'kubectl-session': 's',
      accept: '*/*',
    };
    assert.deepEqual(forwardedHeaders(headers), { accept: '*/*' });
  });

  it('on upgrades replaces the client Connection with exactly "Connection: Upgrade" and drops what it named', () => {
    const raw = [
      'Host',
      'proxy:443',
      'connection',
      'Upgrade, Impersonate-User, X-Stream-Protocol-Version', // names a header the proxy would keep
      'Connection',
      'keep-alive, TE',
      'Upgrade',
      'SPDY/3.1',
      'X-Stream-Protocol-Version',
      'v5.channel.k8s.io',
      'X-Stream-Protocol-Version',
      'v4.channel.k8s.io',
      'Keep-Alive',
      'timeout=5',
      'X-Remote-User',
      'admin',
      'x-REMOTE-group',
      'system:masters',
      'Sec-WebSocket-Protocol',
      'v5.channel.k8s.io',
      'Content-Length',
      '0',
    ];
    assert.deepEqual(upgradeForwardedHeaders(raw), [
      'Upgrade',
      'SPDY/3.1',
      'Sec-WebSocket-Protocol',
      'v5.channel.k8s.io',
      'Content-Length',
      '0',
      'Connection',
      'Upgrade',
    ]);
  });

  it('keeps the client Upgrade value and every duplicate of a kept header', () => {
    const raw = [
      'Connection',
      'Upgrade',
      'Upgrade',
      'websocket',
      'X-Stream-Protocol-Version',
      'a',
      'X-Stream-Protocol-Version',
      'b',
    ];
    assert.deepEqual(upgradeForwardedHeaders(raw), [
      'Upgrade',
      'websocket',
      'X-Stream-Protocol-Version',
      'a',
      'X-Stream-Protocol-Version',
      'b',
      'Connection',
      'Upgrade',
    ]);
  });

  it('accepts exactly one bearer token', () => {
    assert.equal(bearerToken(request(['Authorization', 'Bearer abc'])), 'abc');
    assert.equal(bearerToken(request(['authorization', 'bearer abc '])), 'abc');
    assert.equal(bearerToken(request(['Authorization', 'Basic abc'])), undefined);
    assert.equal(bearerToken(request(['Authorization', 'Bearer a', 'Authorization', 'Bearer b'])), undefined);
    assert.equal(bearerToken(request([])), undefined);
  });

  it('adds one Impersonate-Group per group and the request id', () => {
    const h = impersonationHeaders(
      { userId: 'u', userName: 'a@example.com', groupNames: ['dev', 'a, b'] },
      'rid',
      'Bearer sa',
    );
    assert.deepEqual(h, {
      'Impersonate-User': 'a@example.com',
      'Impersonate-Uid': 'u',
      'Impersonate-Extra-Infra-Request-Id': 'rid',
      'Impersonate-Group': ['dev', 'a, b'],
      Authorization: 'Bearer sa',
    });
  });
});
