import assert from 'node:assert/strict';
import { useHelm } from './helm.js';
import { container, env, kindsOf, named, ofKind, only } from './objects.js';

describe('the server chart', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  it('stores the database URL and root key in its secret and hands them to the server from there', () => {
    const objects = helm().render('server');
    assert.deepEqual(
      kindsOf(objects),
      ['Deployment', 'Secret', 'Secret', 'Service', 'Service'],
      'with the TLS secret and the metrics Service',
    );
    const secret = named(objects, 'Secret', 'infra-server');
    const c = container(only(objects, 'Deployment'));
    assert.deepEqual(c.command, ['node', 'apps/server/dist/main.js']);
    const vars = env(c);
    const fromSecret = (name: string) => vars.get(name)?.valueFrom?.secretKeyRef;
    assert.deepEqual(fromSecret('DATABASE_URL'), { name: secret.metadata.name, key: 'database-url' });
    assert.deepEqual(fromSecret('INFRA_ROOT_KEY'), { name: secret.metadata.name, key: 'root-key' });
    assert.equal(
      Buffer.from(secret.data['database-url'], 'base64').toString(),
      'postgres://infra:secret@postgres.example.com:5432/infra',
    );
  });

  it('serves REST and gRPC over TLS on their own ports, probed on /readyz and /healthz', () => {
    const objects = helm().render('server');
    const c = container(only(objects, 'Deployment'));
    assert.deepEqual(
      c.ports?.map((p) => [p.name, p.containerPort]),
      [
        ['https', 8080],
        ['grpc', 9090],
        ['metrics', 9102],
      ],
    );
    assert.equal(env(c).get('INFRA_HTTP_PORT')?.value, '8080');
    assert.equal(env(c).get('INFRA_GRPC_PORT')?.value, '9090');
    assert.deepEqual(c.readinessProbe?.httpGet, { path: '/readyz', port: 'https', scheme: 'HTTPS' });
    assert.deepEqual(c.livenessProbe?.httpGet, { path: '/healthz', port: 'https', scheme: 'HTTPS' });
    const service = named(objects, 'Service', 'infra-server');
    assert.deepEqual(
      service.spec.ports.map((p) => [p.name, p.port, p.targetPort]),
      [
        ['https', 443, 'https'],
        ['grpc', 9090, 'grpc'],
      ],
    );
    assert.equal(container(only(objects, 'Deployment')).securityContext?.readOnlyRootFilesystem, true);
  });

  it('renders no secret when both come from existing secrets, and honours replicas and service type', () => {
    const objects = helm().render('server', {
      bare: true,
      values: {
        database: { existingSecret: 'pg', existingSecretKey: 'url' },
        rootKey: { existingSecret: 'root' },
        tls: { enabled: true, secretName: 'infra-tls' },
        replicaCount: 2,
        service: { type: 'LoadBalancer', ports: { http: 80, grpc: 443 } },
      },
    });
    assert.deepEqual(ofKind(objects, 'Secret'), []);
    const deployment = only(objects, 'Deployment');
    assert.equal(deployment.spec.replicas, 2);
    const vars = env(container(deployment));
    assert.deepEqual(vars.get('DATABASE_URL')?.valueFrom?.secretKeyRef, { name: 'pg', key: 'url' });
    assert.deepEqual(vars.get('INFRA_ROOT_KEY')?.valueFrom?.secretKeyRef, { name: 'root', key: 'root-key' });
    assert.equal(vars.get('INFRA_ADMIN_ACCESS_KEY'), undefined, 'the admin key is optional');
    assert.equal(named(objects, 'Service', 'infra-server').spec.type, 'LoadBalancer');
  });

  it('hands the server a given admin access key through its secret', () => {
    const adminAccessKey = { value: 'admin01.0123456789abcdef0123' };
    const objects = helm().render('server', { values: { adminAccessKey } });
    const secret = named(objects, 'Secret', 'infra-server');
    const ref = env(container(only(objects, 'Deployment'))).get('INFRA_ADMIN_ACCESS_KEY')?.valueFrom?.secretKeyRef;
    assert.deepEqual(ref, { name: secret.metadata.name, key: 'admin-access-key' });
    assert.equal(Buffer.from(secret.data['admin-access-key'], 'base64').toString(), adminAccessKey.value);
  });

  it('gives migrations time with a startup probe before liveness may restart the server', () => {
    const probe = (values: object) => container(only(helm().render('server', { values }), 'Deployment')).startupProbe;
    const startup = probe({});
    assert.deepEqual(startup?.httpGet, { path: '/healthz', port: 'https', scheme: 'HTTPS' });
    assert.equal((startup?.periodSeconds ?? 0) * (startup?.failureThreshold ?? 0), 600, 'ten minutes by default');
    const short = probe({ startupSeconds: 5 });
    assert.equal(short?.failureThreshold, 1);
    const c = container(only(helm().render('server'), 'Deployment'));
    assert.equal(c.livenessProbe?.initialDelaySeconds, undefined, 'the startup probe replaces the fixed delay');
  });

  it('keeps a disruption budget only when more than one replica runs', () => {
    assert.deepEqual(ofKind(helm().render('server', { values: { replicaCount: 1 } }), 'PodDisruptionBudget'), []);
    const objects = helm().render('server', { values: { replicaCount: 2 } });
    const pdb = only(objects, 'PodDisruptionBudget');
    assert.equal(pdb.spec.minAvailable, 1);
    assert.deepEqual(pdb.spec.selector.matchLabels, only(objects, 'Deployment').spec.selector.matchLabels);
  });

  it('runs as an annotated service account for cloud identity, still without a Kubernetes token', () => {
    const annotations = { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/infra' };
    const objects = helm().render('server', { values: { serviceAccount: { create: true, annotations } } });
    const account = only(objects, 'ServiceAccount');
    assert.deepEqual(account.metadata.annotations, annotations);
    const pod = only(objects, 'Deployment').spec.template.spec;
    assert.equal(pod.serviceAccountName, account.metadata.name);
    assert.equal(pod.automountServiceAccountToken, false);
    const none = only(helm().render('server'), 'Deployment').spec.template.spec;
    assert.equal(none.serviceAccountName, undefined);
  });

  it('mounts a database CA and runs a sidecar such as cloud-sql-proxy', () => {
    const values = {
      extraVolumes: [{ name: 'db-ca', secret: { secretName: 'rds-ca' } }],
      extraVolumeMounts: [{ name: 'db-ca', mountPath: '/etc/db-ca', readOnly: true }],
      extraEnvFrom: [{ configMapRef: { name: 'pg-settings' } }],
      extraContainers: [{ name: 'cloud-sql-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2' }],
      priorityClassName: 'infra-critical',
    };
    const pod = only(helm().render('server', { values }), 'Deployment').spec.template.spec;
    assert.deepEqual(
      pod.containers.map((c) => c.name),
      ['server', 'cloud-sql-proxy'],
    );
    assert.deepEqual(pod.volumes?.at(-1), values.extraVolumes[0]);
    assert.deepEqual(pod.containers[0].volumeMounts?.at(-1), values.extraVolumeMounts[0]);
    assert.deepEqual(pod.containers[0].envFrom, values.extraEnvFrom);
    assert.equal(pod.priorityClassName, 'infra-critical');
  });

  it('refuses a database URL together with an existing database secret', () => {
    const r = helm().template('server', { values: { database: { existingSecret: 'pg' } } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /set only one of database\.url and database\.existingSecret/);
  });
});
