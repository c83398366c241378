// The connector as its own process (node apps/connector/dist/main.js, or a script that runs one, like the dev cluster)
// with a given environment, for the system specs that configure how it reaches the cluster: started, waited on until
// it registers, stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { DestinationRecord, InfraSystem } from './harness.js';
import { eventually } from './wait.js';

const CONNECTOR_MAIN = fileURLToPath(import.meta.resolve('@infra/connector')); // its main.js, the process entry point

export class ConnectorChild {
  private output = '';
  private readonly child: ChildProcess;

  constructor(env: Record<string, string | undefined>, command: string[] = [CONNECTOR_MAIN]) {
    this.child = spawn(process.execPath, command, {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  /** What the process printed so far (for failure messages). */
  log(): string {
    return this.output;
  }

  /** Waits until the server shows `destination` connected with a proxy URL and CA; returns its record. */
  async registered(sys: InfraSystem, destination: string, withinMs = 30_000): Promise<DestinationRecord> {
    let record: DestinationRecord | undefined;
    await eventually(
      `the ${destination} connector to register`,
      async () => {
        if (this.child.exitCode !== null)
          throw new Error(`the connector exited with ${this.child.exitCode}:\n${this.output}`);
        record = await sys.destinationRecord(destination);
        return record?.connected === true && Boolean(record.url) && Boolean(record.caCertificate);
      },
      withinMs,
      () => this.output,
    );
    return record!;
  }

  /** SIGTERM, then the exit code (SIGKILL after 10 s). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = once(this.child, 'exit') as Promise<[number | null]>;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    const [code] = await exited;
    clearTimeout(timer);
    return code;
  }
}
