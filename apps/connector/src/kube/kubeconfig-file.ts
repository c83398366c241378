// A kubeconfig file (what kubectl reads): the chosen context's cluster (server, CA, TLS options) and user (token,
// token file, client certificate, basic auth). Credential plugins (exec, auth-provider) are refused: the connector
// runs unattended and does not start other programs. Relative file paths are relative to the kubeconfig, as kubectl
// resolves them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { TOKEN_REFRESH_MS, TokenFile, staticAuthorization, type KubeCluster } from './cluster.js';

export interface KubeconfigOptions {
  context?: string;
  refreshMs?: number;
  now?: () => number;
}

export interface KubeconfigCluster extends KubeCluster {
  readonly context: string;
  readonly namespace?: string;
}

type Doc = Record<string, unknown>;

export function loadKubeconfigFile(path: string, o: KubeconfigOptions = {}): KubeconfigCluster {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseKubeconfig(text, dirname(resolve(path)), o);
}

/** Parses kubeconfig text (YAML or JSON); `baseDir` resolves relative file references. */
export function parseKubeconfig(text: string, baseDir: string, o: KubeconfigOptions = {}): KubeconfigCluster {
  const doc = parseDocument(text);
  const contextName = o.context ?? str(doc['current-context']);
  if (!contextName) throw new Error('the kubeconfig has no current-context and no context was chosen');
  const context = entry(doc, 'contexts', 'context', contextName);
  const clusterName = str(context.cluster);
  if (!clusterName) throw new Error(`context "${contextName}" names no cluster`);
  const cluster = entry(doc, 'clusters', 'cluster', clusterName);
  const userName = str(context.user) ?? '';
  const user = userName ? entry(doc, 'users', 'user', userName) : {};
  const read = (what: string, dataKey: string, fileKey: string, from: Doc): Buffer | undefined => {
    const data = str(from[dataKey]);
    if (data) return pemData(data, `${what} (${dataKey})`);
    const file = str(from[fileKey]);
    if (!file) return undefined;
    try {
      return readFileSync(resolve(baseDir, file));
    } catch (e) {
      throw new Error(`cannot read the ${what} file ${file} (${fileKey}): ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  };

  const server = serverUrl(cluster.server, clusterName);
  if (str(cluster['proxy-url'])) throw new Error(`cluster "${clusterName}" uses proxy-url, which the connector does not support`);
  const ca = read(`certificate authority of cluster "${clusterName}"`, 'certificate-authority-data', 'certificate-authority', cluster);
  const tlsServerName = str(cluster['tls-server-name']);

  if (user.exec !== undefined && user.exec !== null) throw pluginError(userName, 'an exec credential plugin (user.exec)');
  if (user['auth-provider'] !== undefined && user['auth-provider'] !== null) throw pluginError(userName, 'an auth-provider plugin');
  const cert = read(`client certificate of user "${userName}"`, 'client-certificate-data', 'client-certificate', user);
  const key = read(`client key of user "${userName}"`, 'client-key-data', 'client-key', user);
  if (!cert !== !key) throw new Error(`user "${userName}" needs both a client certificate and a client key, or neither`);

  return {
    server,
    context: contextName,
    namespace: str(context.namespace),
    tls: {
      ca,
      cert,
      key,
      rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true && cluster['insecure-skip-tls-verify'] !== 'true',
      servername: tlsServerName,
    },
    authorization: userAuthorization(user, userName, baseDir, o),
  };
}

function userAuthorization(user: Doc, userName: string, baseDir: string, o: KubeconfigOptions): KubeCluster['authorization'] {
  // As in client-go, a token file (re-read as it rotates) wins over an inline token.
  const tokenPath = str(user.tokenFile);
  if (tokenPath) {
    const path = resolve(baseDir, tokenPath);
    let first: string;
    try {
      first = readFileSync(path, 'utf8');
    } catch (e) {
      throw new Error(`cannot read the token file ${tokenPath} of user "${userName}": ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const file = new TokenFile(path, first, o.refreshMs ?? TOKEN_REFRESH_MS, o.now);
    return () => file.bearer();
  }
  const token = str(user.token);
  if (token) return staticAuthorization(`Bearer ${token}`);
  const username = str(user.username);
  if (username) return staticAuthorization(`Basic ${Buffer.from(`${username}:${str(user.password) ?? ''}`).toString('base64')}`);
  return staticAuthorization(undefined);
}

function parseDocument(text: string): Doc {
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith('{') ? JSON.parse(text) : yaml().parse(text);
  } catch (e) {
    // The parser's message names the line; it does not echo values beyond a short excerpt, which may be a secret.
    throw new Error(`the kubeconfig is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isDoc(doc)) throw new Error('the kubeconfig is not a YAML mapping');
  return doc;
}

/** The YAML parser is loaded only for kubeconfig files: in-cluster configuration needs no YAML. */
function yaml(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

function entry(doc: Doc, list: string, field: string, name: string): Doc {
  const items = Array.isArray(doc[list]) ? (doc[list] as unknown[]).filter(isDoc) : [];
  const found = items.find((i) => i.name === name);
  if (!found) {
    const known = items.map((i) => `"${str(i.name)}"`).join(', ') || 'none';
    throw new Error(`${field} "${name}" is not in the kubeconfig's ${list} (it has: ${known})`);
  }
  const body = found[field];
  if (!isDoc(body)) throw new Error(`${field} "${name}" in the kubeconfig has no ${field} mapping`);
  return body;
}

function serverUrl(value: unknown, clusterName: string): URL {
  const text = str(value);
  if (!text) throw new Error(`cluster "${clusterName}" has no server`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`cluster "${clusterName}" has a server that is not a URL: "${text}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`cluster "${clusterName}" server must be an http(s) URL, got "${text}"`);
  return url;
}

function pemData(base64: string, what: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (!/^[A-Za-z0-9+/=\s]+$/.test(base64) || !bytes.toString('latin1').includes('-----BEGIN ')) {
    throw new Error(`the ${what} is not base64-encoded PEM`);
  }
  return bytes;
}

function pluginError(userName: string, what: string): Error {
  return new Error(`user "${userName}" uses ${what}, which the connector does not run; give it a token, a tokenFile or a client certificate`);
}

function isDoc(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
