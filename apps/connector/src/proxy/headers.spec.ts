import assert from 'node:assert/strict';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { bearerToken, clientImpersonationHeaders, forwardedHeaders, impersonationHeaders } from './headers.js';

function request(raw: string[]): IncomingMessage {
  return { rawHeaders: raw } as unknown as IncomingMessage;
}

const anyCase = (s: string) =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((flags) => [...s].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(''));

describe('proxy header rules', () => {
  it('finds client impersonation headers in any letter case', () => {
    fc.assert(
      fc.property(anyCase('impersonate-'), fc.stringMatching(/^[A-Za-z-]{1,20}$/), (prefix, rest) => {
        assert.deepEqual(clientImpersonationHeaders(request(['Accept', '*/*', prefix + rest, 'x'])), [prefix + rest]);
      }),
    );
  });

  it('strips every credential and impersonation header and keeps the rest', () => {
    fc.assert(
      fc.property(anyCase('authorization'), anyCase('impersonate-group'), fc.boolean(), (auth, imp, upgrade) => {
        const headers: IncomingHttpHeaders = { [auth]: 'Bearer x', [imp]: 'system:masters', accept: 'application/json', 'kubectl-command': 'kubectl get' };
        assert.deepEqual(Object.keys(forwardedHeaders(headers, { upgrade })).sort(), ['accept', 'kubectl-command']);
      }),
    );
  });

  it('keeps Connection and Upgrade only on upgrade requests', () => {
    const headers: IncomingHttpHeaders = { connection: 'Upgrade', upgrade: 'SPDY/3.1', 'keep-alive': 'timeout=5' };
    assert.deepEqual(forwardedHeaders(headers, { upgrade: false }), {});
    assert.deepEqual(forwardedHeaders(headers, { upgrade: true }), { connection: 'Upgrade', upgrade: 'SPDY/3.1' });
  });

  it('accepts exactly one bearer token', () => {
    assert.equal(bearerToken(request(['Authorization', 'Bearer abc'])), 'abc');
    assert.equal(bearerToken(request(['authorization', 'bearer abc '])), 'abc');
    assert.equal(bearerToken(request(['Authorization', 'Basic abc'])), undefined);
    assert.equal(bearerToken(request(['Authorization', 'Bearer a', 'Authorization', 'Bearer b'])), undefined);
    assert.equal(bearerToken(request([])), undefined);
  });

  it('adds one Impersonate-Group per group and the request id', () => {
    const h = impersonationHeaders({ userId: 'u', userName: 'a@example.com', groupNames: ['dev', 'a, b'] }, 'rid', 'Bearer sa');
    assert.deepEqual(h, {
      'Impersonate-User': 'a@example.com',
      'Impersonate-Uid': 'u',
      'Impersonate-Extra-Infra-Request-Id': 'rid',
      'Impersonate-Group': ['dev', 'a, b'],
      Authorization: 'Bearer sa',
    });
  });
});
