// The connector's Prometheus metrics (prom-client), served on the health listener at /metrics: the process and
// Node.js defaults under `infra_`, and the connector's own. A registry per connector, not prom-client's global
// one: tests and the bench run several connectors in one process, and each must count only its own traffic.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** What the gauges read at scrape time; set once the parts they read exist. */
export interface ConnectorReadings {
  registered(): boolean;
  sequence(): number;
  openSessions(): number;
  reconcileProblems(): number;
}

export class ConnectorMetrics {
  readonly registry = new Registry();
  private readings: ConnectorReadings | undefined;
  private readonly proxyRequests = new Counter({
    name: 'infra_connector_proxy_requests_total',
    help: 'Requests and streams through the kubectl proxy, by status.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'infra_' });
    this.gauge('infra_connector_stream_registered', '1 while registered with the Infra server.', (r) =>
      r.registered() ? 1 : 0,
    );
    this.gauge('infra_connector_state_sequence', 'Last change sequence applied.', (r) => r.sequence());
    this.gauge('infra_connector_proxy_open_sessions', 'Requests and streams open through the proxy.', (r) =>
      r.openSessions(),
    );
    this.gauge('infra_connector_reconcile_problems', 'Grants the RBAC reconciler could not render.', (r) =>
      r.reconcileProblems(),
    );
  }

  /** One request or stream through the proxy ended with `status` (0: no HTTP status, e.g. the upstream failed). */
  countRequest(status: number | undefined): void {
    this.proxyRequests.inc({ code: String(status ?? 0) });
  }

  read(readings: ConnectorReadings): void {
    this.readings = readings;
  }

  async render(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  private gauge(name: string, help: string, value: (r: ConnectorReadings) => number): void {
    const readings = () => this.readings;
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        const r = readings();
        if (r) this.set(value(r));
      },
    });
  }
}
