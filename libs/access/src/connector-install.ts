// How an admin installs a destination's connector: the Helm command that `infra destinations add` prints and the
// web UI's "add destination" shows, built from the server's GET /api/version and the new connector's access key.
// No dependencies: the browser bundle imports this file (as @infra/access/connector-install) too.

/** What GET /api/version says about where connectors dial. */
export interface ServerVersion {
  version: string;
  grpcPort?: number;
  publicUrl?: string;
  publicGrpcUrl?: string;
}

/**
 * Where connectors dial: the public gRPC address the server was given (INFRA_PUBLIC_GRPC_URL), else the server's
 * host (as the caller reached it) on the gRPC port it reports, else the server's own URL.
 */
export function connectorGrpcUrl(version: ServerVersion, serverUrl: string): string {
  if (version.publicGrpcUrl) return version.publicGrpcUrl;
  if (version.grpcPort === undefined) return serverUrl;
  const url = new URL(serverUrl);
  url.port = String(version.grpcPort);
  return url.origin;
}

/** The command that installs a destination's connector (deploy/charts/connector). */
export function helmCommand(grpcUrl: string, name: string, accessKey: string): string {
  return [
    `helm upgrade --install infra-connector deploy/charts/connector`,
    `--namespace infra --create-namespace`,
    `--set server.url=${grpcUrl}`,
    `--set destination=${name}`,
    `--set accessKey=${accessKey}`,
  ].join(' \\\n    ');
}
