// `INFRA_ACCESS_KEY=KEY npm run dev:cluster -- [--destination production] [--server 127.0.0.1:8081] [--server-fingerprint FP]`
// A cluster to try Infra on a machine with none: the Kubernetes API test server (with a few namespaces and pods)
// plus a real connector process connected to a running Infra server. Then `infra login`, `infra use` and kubectl
// work as they would against a real cluster. For development only: the API server here is the tests' simulation.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startKubeApiServer } from '@infra/kube-testing';
import { installConnectorAccount } from './system/cluster-account.js';

const USAGE =
  'usage: INFRA_ACCESS_KEY=KEY npm run dev:cluster -- [--destination NAME] [--server HOST:PORT] [--server-fingerprint FP | --server-insecure] [--listen HOST:PORT]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      destination: { type: 'string' },
      server: { type: 'string' },
      'server-fingerprint': { type: 'string' },
      'server-insecure': { type: 'boolean' },
      listen: { type: 'string' },
    },
  });
  const env = process.env;
  if (!env.INFRA_ACCESS_KEY)
    throw new Error(
      `set INFRA_ACCESS_KEY to the connector's access key (infra destinations add NAME prints it)\n${USAGE}`,
    );

  const dir = mkdtempSync(join(tmpdir(), 'infra-dev-cluster-'));
  const kube = await startKubeApiServer({ namespaces: ['infra', 'web', 'db'] });
  for (const [namespace, name] of [
    ['default', 'nginx'],
    ['web', 'web-0'],
    ['web', 'web-1'],
    ['db', 'postgres-0'],
  ])
    kube.addPod({ namespace, name });
  const admin = kube.kubeconfigFor(kube.adminToken, join(dir, 'admin.kubeconfig'));
  console.log(
    `Kubernetes API test server on ${kube.url} (namespaces default, web, db; its admin's kubeconfig: ${admin})`,
  );

  // The connector is configured as in a cluster: by environment only (the README's variables), flags win over env.
  const connectorEnv: NodeJS.ProcessEnv = {
    ...env,
    INFRA_SERVER: values.server ?? env.INFRA_SERVER ?? '127.0.0.1:8081',
    INFRA_DESTINATION: values.destination ?? env.INFRA_DESTINATION ?? 'production',
    INFRA_PROXY_LISTEN: values.listen ?? env.INFRA_PROXY_LISTEN ?? '127.0.0.1:8443',
    INFRA_HEALTH_LISTEN: 'off',
    INFRA_KUBECONFIG: kube.kubeconfigFor(installConnectorAccount(kube), join(dir, 'connector.kubeconfig')),
  };
  if (values['server-fingerprint']) connectorEnv.INFRA_SERVER_FINGERPRINT = values['server-fingerprint'];
  if (values['server-insecure']) connectorEnv.INFRA_SERVER_INSECURE = 'true';
  const main = resolve(fileURLToPath(import.meta.url), '../../../apps/connector/dist/main.js');
  const connector = spawn(process.execPath, ['--disable-warning=DEP0060', main], {
    stdio: 'inherit',
    env: connectorEnv,
  }); // as the chart does
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return; // the connector's exit follows our own SIGTERM: keep the first reason
    stopping = true;
    connector.kill();
    await kube.stop();
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  connector.once('exit', (code) => void stop(code ?? 1));
}

main().catch((e: Error) => {
  console.error(`dev:cluster: ${e.message}`);
  process.exit(2);
});
