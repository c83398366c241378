import assert from 'node:assert/strict';
import { FAKE_CA_PEM, useHelm } from './helm.js';
import { container, env, kindsOf, ofKind, only, type KubeObject, type PolicyRule } from './objects.js';

const ACCESS_KEY = '0123456789.abcdefghijklmnopqrstuvwxyz'; // ci/minimal-values.yaml

// Exactly what the connector may do in a cluster (see the chart's README): anything more is a finding.
const LEAST_PRIVILEGE: PolicyRule[] = [
  { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
  { apiGroups: ['authentication.k8s.io'], resources: ['uids', 'userextras/infra-request-id'], verbs: ['impersonate'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['rolebindings', 'clusterrolebindings'],
    verbs: ['create', 'update', 'patch', 'delete', 'get', 'list', 'watch'],
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['clusterroles'],
    verbs: ['bind', 'get'],
    resourceNames: ['view', 'edit', 'admin'],
  },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['list'] },
];

describe('the connector chart', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  describe('with the minimal values', () => {
    let objects: KubeObject[];
    before(() => {
      objects = helm().render('connector');
    });

    it('renders the deployment, its service account, RBAC, service and access-key secret', () => {
      assert.deepEqual(kindsOf(objects), [
        'ClusterRole',
        'ClusterRoleBinding',
        'Deployment',
        'Role',
        'RoleBinding',
        'Secret',
        'Service',
        'ServiceAccount',
      ]);
      for (const o of objects) {
        const labels = o.metadata.labels ?? {};
        assert.equal(labels['app.kubernetes.io/instance'], 'infra-connector', `${o.kind} lacks the labels`);
        assert.equal(labels['app.kubernetes.io/part-of'], 'infra');
      }
    });

    it('runs the connector from its own image with the documented environment', () => {
      const deployment = only(objects, 'Deployment');
      const c = container(deployment);
      assert.deepEqual(c.command, ['node', '--disable-warning=DEP0060', 'apps/connector/bundle/main.mjs']);
      assert.match(c.image, /^ghcr\.io\/infrahq\/infra-connector:\d/);
      const vars = env(c);
      assert.deepEqual([...vars.keys()].sort(), [
        'INFRA_ACCESS_KEY',
        'INFRA_DESTINATION',
        'INFRA_HEALTH_LISTEN',
        'INFRA_LOG_LEVEL',
        'INFRA_PROXY_CA_CHECK_INTERVAL',
        'INFRA_PROXY_CA_OVERLAP',
        'INFRA_PROXY_CA_SECRET',
        'INFRA_PROXY_CA_VALIDITY',
        'INFRA_PROXY_LISTEN',
        'INFRA_SERVER',
      ]);
      assert.equal(vars.get('INFRA_LOG_LEVEL')?.value, 'info', 'logLevel');
      assert.equal(vars.get('INFRA_SERVER')?.value, 'infra.example.com:443', 'host:port, from server.url');
      assert.equal(vars.get('INFRA_DESTINATION')?.value, 'infra-connector', 'the release name');
      assert.equal(vars.get('INFRA_PROXY_LISTEN')?.value, '0.0.0.0:8443');
      assert.equal(deployment.spec.replicas, 1);
    });

    it('takes the access key from the secret the chart created, never from a plain value', () => {
      const secret = only(objects, 'Secret');
      const ref = env(container(only(objects, 'Deployment'))).get('INFRA_ACCESS_KEY');
      assert.equal(ref?.value, undefined);
      assert.deepEqual(ref?.valueFrom?.secretKeyRef, { name: secret.metadata.name, key: 'access-key' });
      assert.equal(Buffer.from(secret.data['access-key'], 'base64').toString(), ACCESS_KEY);
    });

    it('probes /healthz and /readyz on the health port, apart from the proxy', () => {
      const c = container(only(objects, 'Deployment'));
      assert.deepEqual(c.ports, [
        { name: 'proxy', containerPort: 8443, protocol: 'TCP' },
        { name: 'health', containerPort: 8081, protocol: 'TCP' },
      ]);
      assert.equal(env(c).get('INFRA_HEALTH_LISTEN')?.value, '0.0.0.0:8081');
      assert.deepEqual(c.livenessProbe?.httpGet, { path: '/healthz', port: 'health' });
      assert.deepEqual(c.readinessProbe?.httpGet, { path: '/readyz', port: 'health' });
    });

    it('runs as a non-root user on a read-only root file system without capabilities', () => {
      const deployment = only(objects, 'Deployment');
      const c = container(deployment);
      assert.equal(deployment.spec.template.spec.securityContext?.runAsNonRoot, true);
      assert.equal(c.securityContext?.readOnlyRootFilesystem, true);
      assert.equal(c.securityContext?.allowPrivilegeEscalation, false);
      assert.deepEqual(c.securityContext?.capabilities, { drop: ['ALL'] });
      assert.ok(c.resources?.requests?.memory, 'no memory request');
      assert.ok(c.resources?.limits?.memory, 'no memory limit');
    });

    it('grants the connector exactly the least privilege it needs, with no wildcards', () => {
      const role = only(objects, 'ClusterRole');
      assert.deepEqual(role.rules, LEAST_PRIVILEGE);
      const everything = role.rules.flatMap((r) => [...r.apiGroups, ...r.resources, ...r.verbs]);
      assert.ok(!everything.some((s) => s.includes('*')), 'a rule uses a wildcard');
      for (const forbidden of ['escalate', 'secrets', 'pods', 'roles', 'clusterroles/escalate']) {
        assert.ok(!everything.includes(forbidden), `the role mentions ${forbidden}`);
      }
    });

    it('binds that role to the service account the pods run as', () => {
      const binding = only(objects, 'ClusterRoleBinding');
      const account = only(objects, 'ServiceAccount');
      assert.deepEqual(binding.roleRef, {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: only(objects, 'ClusterRole').metadata.name,
      });
      assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: account.metadata.name, namespace: 'infra' }]);
      assert.equal(only(objects, 'Deployment').spec.template.spec.serviceAccountName, account.metadata.name);
    });

    it('exposes the proxy port on a ClusterIP service that selects the connector pods', () => {
      const service = only(objects, 'Service');
      const deployment = only(objects, 'Deployment');
      assert.equal(service.spec.type, 'ClusterIP');
      assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
      assert.deepEqual(service.spec.ports, [{ name: 'proxy', port: 443, targetPort: 'proxy', protocol: 'TCP' }]);
    });
  });

  describe('the notes after install', () => {
    it('say how to check the connector and ask for the public URL of a load balancer', () => {
      const values = { destination: 'production', service: { type: 'LoadBalancer' } };
      const notes = helm().notes('connector', { values });
      assert.match(notes, /destination "production"/);
      assert.match(notes, /kubectl --namespace infra logs deployment\/infra-connector/);
      assert.match(notes, /kubectl --namespace infra get service infra-connector/);
      assert.match(notes, /set proxy\.publicUrl to https:\/\/<that address>/);
    });

    it('name the public URL once it is set', () => {
      const notes = helm().notes('connector', { values: { proxy: { publicUrl: 'https://prod.example.com' } } });
      assert.match(notes, /Its public URL is https:\/\/prod\.example\.com\./);
      assert.doesNotMatch(notes, /set proxy\.publicUrl/i);
    });

    it('name the Secret that keeps the proxy CA and what deleting it does, only when the connector makes the CA', () => {
      const notes = helm().notes('connector');
      assert.match(notes, /private CA is kept in Secret infra-connector-proxy-ca/);
      assert.match(notes, /Deleting the Secret makes the\s+next start create a new CA/);
      assert.match(notes, /certificate error/);
      const own = helm().notes('connector', { values: { proxy: { tls: { secretName: 'proxy-cert' } } } });
      assert.doesNotMatch(own, /proxy-ca/);
    });
  });

  describe('with custom values', () => {
    it('uses an existing secret for the access key and renders no Secret of its own', () => {
      const objects = helm().render('connector', {
        bare: true,
        values: {
          server: { url: 'https://infra.example.com' },
          existingSecret: 'connector-key',
          existingSecretKey: 'key',
        },
      });
      assert.deepEqual(ofKind(objects, 'Secret'), []);
      const ref = env(container(only(objects, 'Deployment'))).get('INFRA_ACCESS_KEY');
      assert.deepEqual(ref?.valueFrom?.secretKeyRef, { name: 'connector-key', key: 'key' });
      const annotations = only(objects, 'Deployment').spec.template.metadata.annotations;
      assert.equal(annotations?.['checksum/access-key'], undefined, 'no chart-managed key to watch');
    });

    it('sets replicas, resources, destination, server address, listen port and public URL', () => {
      const objects = helm().render('connector', {
        values: {
          replicaCount: 3,
          destination: 'production',
          server: { url: 'https://grpc.infra.example.com:9090' },
          proxy: { port: 9000, publicUrl: 'https://prod.example.com', tls: { secretName: 'proxy-cert' } },
          resources: { requests: { cpu: '200m', memory: '300Mi' }, limits: { cpu: 1, memory: '1Gi' } },
        },
      });
      const deployment = only(objects, 'Deployment');
      const c = container(deployment);
      const vars = env(c);
      assert.equal(deployment.spec.replicas, 3);
      assert.deepEqual(c.resources, { requests: { cpu: '200m', memory: '300Mi' }, limits: { cpu: 1, memory: '1Gi' } });
      assert.equal(vars.get('INFRA_DESTINATION')?.value, 'production');
      assert.equal(vars.get('INFRA_SERVER')?.value, 'grpc.infra.example.com:9090');
      assert.equal(vars.get('INFRA_SERVER_INSECURE'), undefined);
      assert.equal(vars.get('INFRA_PROXY_PUBLIC_URL')?.value, 'https://prod.example.com');
      assert.equal(vars.get('INFRA_PROXY_LISTEN')?.value, '0.0.0.0:9000');
      assert.deepEqual(
        c.ports?.map((p) => p.containerPort),
        [9000, 8081],
      );
    });

    it('dials an http:// server without TLS', () => {
      const objects = helm().render('connector', { values: { server: { url: 'http://infra-server.infra:9090' } } });
      const vars = env(container(only(objects, 'Deployment')));
      assert.equal(vars.get('INFRA_SERVER')?.value, 'infra-server.infra:9090');
      assert.equal(vars.get('INFRA_SERVER_INSECURE')?.value, 'true');
    });

    it('trusts a given server CA through a mounted ConfigMap', () => {
      const caCert = FAKE_CA_PEM;
      const objects = helm().render('connector', { values: { server: { url: 'https://infra.example.com', caCert } } });
      const configMap = only(objects, 'ConfigMap');
      assert.equal(configMap.data['ca.crt'], caCert);
      const deployment = only(objects, 'Deployment');
      const c = container(deployment);
      assert.equal(env(c).get('INFRA_SERVER_CA_FILE')?.value, '/etc/infra/server-ca/ca.crt');
      assert.ok(c.volumeMounts?.some((m) => m.name === 'server-ca' && m.mountPath === '/etc/infra/server-ca'));
      const volume = deployment.spec.template.spec.volumes?.find((v) => v.name === 'server-ca');
      assert.deepEqual(volume?.configMap, { name: configMap.metadata.name });
    });

    it('offers the proxy on a LoadBalancer or a fixed NodePort', () => {
      const service = (values: object) => only(helm().render('connector', { values: { service: values } }), 'Service');
      const lb = service({ type: 'LoadBalancer', port: 8443 });
      assert.equal(lb.spec.type, 'LoadBalancer');
      assert.equal(lb.spec.ports[0].port, 8443);
      const np = service({ type: 'NodePort', nodePort: 30443 });
      assert.equal(np.spec.type, 'NodePort');
      assert.equal(np.spec.ports[0].nodePort, 30443);
    });

    it('mounts a TLS secret for the proxy and tells the connector where it is', () => {
      const objects = helm().render('connector', { values: { proxy: { tls: { secretName: 'proxy-cert' } } } });
      const deployment = only(objects, 'Deployment');
      const c = container(deployment);
      assert.deepEqual(deployment.spec.template.spec.volumes?.find((v) => v.name === 'proxy-tls')?.secret, {
        secretName: 'proxy-cert',
      });
      assert.ok(c.volumeMounts?.some((m) => m.name === 'proxy-tls' && m.mountPath === '/etc/infra/proxy-tls'));
      assert.equal(env(c).get('INFRA_PROXY_TLS_CERT_FILE')?.value, '/etc/infra/proxy-tls/tls.crt');
      assert.equal(env(c).get('INFRA_PROXY_TLS_KEY_FILE')?.value, '/etc/infra/proxy-tls/tls.key');
      assert.equal(env(c).get('INFRA_PROXY_TLS_CA_FILE'), undefined, 'kubeconfigs trust the certificate itself');
      const tls = { secretName: 'proxy-cert', caInSecret: true };
      const withCa = helm().render('connector', { values: { proxy: { tls } } });
      const caFile = env(container(only(withCa, 'Deployment'))).get('INFRA_PROXY_TLS_CA_FILE');
      assert.equal(caFile?.value, '/etc/infra/proxy-tls/ca.crt');
    });

    it('can limit which ClusterRoles the connector may bind', () => {
      const objects = helm().render('connector', { values: { rbac: { bindableClusterRoles: ['view', 'edit'] } } });
      const role = only(objects, 'ClusterRole');
      const bind = role.rules.find((r) => r.resources.includes('clusterroles') && r.verbs.includes('bind'));
      assert.deepEqual(bind?.resourceNames, ['view', 'edit']);
    });

    it('binds only view, edit and admin unless told otherwise, never cluster-admin by default', () => {
      const role = only(helm().render('connector'), 'ClusterRole');
      const names = role.rules.flatMap((r) => r.resourceNames ?? []);
      assert.deepEqual(names, ['view', 'edit', 'admin']);
      assert.ok(!names.includes('cluster-admin'));
    });

    it("refuses to run as the namespace's default service account by omission", () => {
      const r = helm().template('connector', { values: { serviceAccount: { create: false } } });
      assert.notEqual(r.status, 0, 'rendered with the default service account');
      assert.match(r.stderr, /serviceAccount\.name is required when serviceAccount\.create is false/);
    });

    it('adds volumes, mounts, environment sources, sidecars, priority and spread constraints', () => {
      const values = {
        extraVolumes: [{ name: 'corp-ca', configMap: { name: 'corp-ca' } }],
        extraVolumeMounts: [{ name: 'corp-ca', mountPath: '/etc/corp-ca', readOnly: true }],
        extraEnvFrom: [{ secretRef: { name: 'proxy-env' } }],
        extraContainers: [{ name: 'sidecar', image: 'example.com/sidecar:1' }],
        priorityClassName: 'infra-critical',
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' },
        ],
      };
      const pod = only(helm().render('connector', { values }), 'Deployment').spec.template.spec;
      assert.deepEqual(
        pod.containers.map((c) => c.name),
        ['connector', 'sidecar'],
      );
      assert.deepEqual(pod.volumes?.at(-1), values.extraVolumes[0]);
      assert.deepEqual(pod.containers[0].volumeMounts?.at(-1), values.extraVolumeMounts[0]);
      assert.deepEqual(pod.containers[0].envFrom, values.extraEnvFrom);
      assert.equal(pod.priorityClassName, 'infra-critical');
      assert.deepEqual(pod.topologySpreadConstraints, values.topologySpreadConstraints);
    });

    it('leaves out RBAC and the service account when told to', () => {
      const objects = helm().render('connector', {
        values: { rbac: { create: false }, serviceAccount: { create: false, name: 'mine' } },
      });
      assert.deepEqual(kindsOf(objects), ['Deployment', 'Secret', 'Service']);
      assert.equal(only(objects, 'Deployment').spec.template.spec.serviceAccountName, 'mine');
      assert.equal(
        env(container(only(objects, 'Deployment'))).get('INFRA_PROXY_CA_SECRET')?.value,
        'infra/infra-connector-proxy-ca',
        'the README lists the rights to give',
      );
    });

    it('refuses the destination name infra, which names Infra itself', () => {
      const r = helm().template('connector', { release: 'infra' });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /destination "infra" is reserved for Infra itself; set destination/);
    });

    it('refuses a CA from the proxy certificate secret without that secret', () => {
      const r = helm().template('connector', { values: { proxy: { tls: { caInSecret: true } } } });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /proxy\.tls\.caInSecret needs proxy\.tls\.secretName/);
    });

    it('refuses a server CA for an http:// server', () => {
      const caCert = FAKE_CA_PEM;
      const r = helm().template('connector', { values: { server: { url: 'http://infra:9090', caCert } } });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /server\.caCert and server\.tlsFingerprint need an https:\/\/ server\.url/);
    });

    it('refuses both an access key and an existing secret, naming the two values', () => {
      const r = helm().template('connector', { values: { existingSecret: 'connector-key' } });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /set only one of accessKey and existingSecret/);
    });
  });
});
