// Checks per granted destination, walking kubectl's own path: the connector is connected to the server; its proxy
// answers TLS with a certificate the kubeconfig's CA verifies; a request with the token the credential plugin gives
// is authenticated (SelfSubjectReview); and a WebSocket upgrade gets through, which is what exec, attach, cp and
// port-forward need and what load balancers that drop `Upgrade` or speak only HTTP/2 break.
import { issueCredential } from '../credentials.js';
import { relativeTime } from '../output.js';
import type { Destination } from '../types.js';
import {
  describeNetworkError,
  exchange,
  isCertificateError,
  tlsConnect,
  websocketHandshake,
  type HttpAnswer,
} from './probe.js';
import { fail, ok, skip, type Finding, type Report } from './report.js';

export interface DestinationTarget {
  name: string;
  dest: Destination;
  /** The proxy address and CA kubectl uses: from the kubeconfig context, else what the server reports. */
  server: string;
  ca?: string;
  /** Where the WebSocket watch goes: a namespace the user was granted, or default. */
  namespace: string;
  /** The Infra server, for fixes that say `infra login`. */
  infraUrl: string;
}

export interface DestinationDeps {
  env: NodeJS.ProcessEnv;
  clock: () => Date;
  timeoutMs: number;
}

export async function checkDestination(report: Report, t: DestinationTarget, deps: DestinationDeps): Promise<void> {
  const on = { destination: t.name };
  await report.check('connector', async () => connectorFinding(t.dest, deps.clock()), on);
  if (!t.dest.url) return;
  const tls = await report.check('proxy TLS', () => proxyTls(t, deps.timeoutMs), on);
  const notTried = skip('not tried: the proxy does not answer TLS');
  let token: string | undefined;
  await report.check(
    'authenticated request',
    async () => {
      if (tls.status !== 'ok') return notTried;
      // The very code kubectl's exec plugin runs, minus the kubeconfig refresh: doctor only looks.
      const cred = await issueCredential(deps.env, t.name, deps.clock).catch((e: Error) => e);
      if (cred instanceof Error) return asFinding(cred.message);
      token = cred.status.token;
      return selfSubjectReview(t, token, deps.timeoutMs);
    },
    on,
  );
  await report.check(
    'WebSocket upgrade',
    async () => {
      if (tls.status !== 'ok') return notTried;
      if (!token) return skip('not tried: no token for this destination');
      return websocketWatch(t, token, deps.timeoutMs);
    },
    on,
  );
}

function connectorFinding(dest: Destination, now: Date): Finding {
  if (!dest.url)
    return fail(
      `no connector has registered for ${dest.name} yet`,
      `an Infra admin installs it with the helm command \`infra destinations add ${dest.name}\` prints`,
    );
  const seen = dest.lastSeen ? `last seen ${relativeTime(dest.lastSeen, now)}` : 'never seen';
  if (dest.connected === false) {
    return fail(
      `the connector is not connected to the Infra server (${seen}); kubectl works on the last grants it knew, or not at all if it is down`,
      `ask your Infra admin to check the connector of ${dest.name}: its pod and logs in the cluster, and that it reaches the server's gRPC address`,
    );
  }
  return ok(`the connector is connected (${seen})`);
}

async function proxyTls(t: DestinationTarget, timeoutMs: number): Promise<Finding> {
  let socket;
  try {
    socket = await tlsConnect(new URL(t.server), { ca: t.ca, alpn: ['h2', 'http/1.1'], timeoutMs });
  } catch (e) {
    if (isCertificateError(e)) {
      const outdated = (t.ca ?? '') !== (t.dest.caCertificate ?? '');
      return fail(
        `the certificate at ${t.server} is not verified by the CA in kubeconfig (${(e as NodeJS.ErrnoException).code})`,
        outdated
          ? 'run `infra list` to bring the CA in kubeconfig up to date'
          : `ask your Infra admin: whatever answers at ${t.server} must present a certificate signed by the CA the connector reports (INFRA_PROXY_TLS_CA_FILE), e.g. a load balancer must pass TLS through`,
      );
    }
    return fail(
      `cannot reach the connector's proxy at ${t.server} (${describeNetworkError(e)})`,
      `ask your Infra admin to make ${t.server} reachable from here (the connector's INFRA_PROXY_PUBLIC_URL and the Service or load balancer in front of it)`,
    );
  }
  const alpn = socket.alpnProtocol;
  socket.destroy();
  const h2 = alpn === 'h2' ? '; it speaks HTTP/2, so something other than the connector answers there' : '';
  return ok(`${t.server} answers TLS, its certificate verified with the CA in kubeconfig${h2}`);
}

async function request(
  t: DestinationTarget,
  path: string,
  x: { method: string; headers: Record<string, string>; body?: string; headOnly?: boolean },
  timeoutMs: number,
): Promise<{ answer: HttpAnswer; alpn: string | false | null }> {
  const url = new URL(path, t.server);
  // Upgrades need HTTP/1.1: offer only that, as client-go does for them.
  const socket = await tlsConnect(url, { ca: t.ca, alpn: ['http/1.1'], timeoutMs });
  const alpn = socket.alpnProtocol;
  return { answer: await exchange(socket, url, { ...x, timeoutMs }), alpn };
}

async function selfSubjectReview(t: DestinationTarget, token: string, timeoutMs: number): Promise<Finding> {
  const body = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
  let answer;
  try {
    ({ answer } = await request(
      t,
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { method: 'POST', headers, body },
      timeoutMs,
    ));
  } catch (e) {
    // kubectl would use HTTP/2 here; what that breaks is the upgrades, reported on the WebSocket line.
    if (refusesHttp1(e)) return skip('not tried: the proxy address speaks only HTTP/2');
    throw e;
  }
  if (answer.status === 201 || answer.status === 200) {
    const user =
      (parse(answer.body) as { status?: { userInfo?: { username?: string } } }).status?.userInfo?.username ?? 'unknown';
    return ok(`a SelfSubjectReview through the proxy says Kubernetes sees you as ${user}`);
  }
  return refusal(t, answer, 'the SelfSubjectReview');
}

async function websocketWatch(t: DestinationTarget, token: string, timeoutMs: number): Promise<Finding> {
  const hs = websocketHandshake();
  const path = `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods?watch=true&fieldSelector=metadata.name%3Dinfra-doctor`;
  const http2Only = fail(
    `${t.server} speaks only HTTP/2, where there is no Upgrade: kubectl exec, attach, cp and port-forward will fail`,
    upgradeFix(t),
  );
  let got;
  try {
    // Less than the check's own deadline: silence here is a finding (an upgrade held, or a watch's head buffered).
    got = await request(
      t,
      path,
      { method: 'GET', headers: { authorization: `Bearer ${token}`, ...hs.headers }, headOnly: true },
      Math.max(1_000, timeoutMs - 1_000),
    );
  } catch (e) {
    if (refusesHttp1(e)) return http2Only;
    if ((e as NodeJS.ErrnoException).code === 'ETIMEDOUT')
      return fail(
        `a WebSocket upgrade got ${describeNetworkError(e)}: something in between holds upgrades or turns them into plain requests`,
        upgradeFix(t),
      );
    return fail(`the connection closed during a WebSocket upgrade (${describeNetworkError(e)})`, upgradeFix(t));
  }
  const { answer, alpn } = got;
  if (alpn === 'h2') return http2Only;
  if (answer.status === 101) {
    if (answer.headers['sec-websocket-accept'] === hs.accept)
      return ok(
        `a WebSocket watch of pods in ${t.namespace} was upgraded through the proxy: exec, attach, cp and port-forward can work`,
      );
    return fail(
      'the upgrade was answered without the Sec-WebSocket-Accept the API server sends: something in between rewrites upgrades',
      upgradeFix(t),
    );
  }
  if (answer.status === 200)
    return fail(
      'the Upgrade header was dropped on the way: a WebSocket watch was answered as a plain request (HTTP 200)',
      upgradeFix(t),
    );
  if (answer.status === 403) return skip(`not tried: you may not watch pods in ${t.namespace}`);
  return refusal(t, answer, 'the WebSocket upgrade');
}

/** The TLS alert a server that offers only h2 sends to a client that offers only http/1.1. */
function refusesHttp1(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL';
}

function upgradeFix(t: DestinationTarget): string {
  return `ask your Infra admin to let upgrades through to the connector: a load balancer or ingress in front of ${t.server} must pass the Upgrade and Connection headers over HTTP/1.1, or pass TLS through untouched`;
}

function refusal(t: DestinationTarget, answer: HttpAnswer, what: string): Finding {
  const message = (parse(answer.body) as { message?: string }).message ?? answer.body.trim().slice(0, 200);
  const said = `${what} was refused with HTTP ${answer.status}${message ? `: ${message}` : ''}`;
  if (answer.status === 401)
    return fail(said, `run \`infra login ${t.infraUrl}\`; if that does not help, check the clock line above`);
  if (answer.status === 403) return fail(said, `ask an Infra admin for a grant on ${t.name}`);
  return fail(
    said,
    `ask your Infra admin to check the connector of ${t.name} (its logs, and its access to the Kubernetes API)`,
  );
}

/** A CLI error message "what happened: what to do" as a finding. */
function asFinding(message: string): Finding {
  const i = message.indexOf(': ');
  return i > 0 ? fail(message.slice(0, i), message.slice(i + 2)) : fail(message, 'run `infra login`');
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) ?? {};
  } catch {
    return {};
  }
}
