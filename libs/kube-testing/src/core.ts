// What every handler gets: the request, the authenticated (possibly impersonated) user, and the
// server's state.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectStore } from './store.js';
import type { RbacAuthorizer, UserInfo } from './rbac.js';
import type { PodRuntime } from './pods.js';
import type { RequestInfo } from './request-info.js';
import type { ResourceRegistry } from './registry.js';

/** Per-protocol counters, for assertions such as "the SPDY path was really used". */
export interface Counters {
  requests: number;
  unauthorized: number;
  forbidden: number;
  impersonated: number;
  protobufBodies: number;
  watches: number;
  logStreams: number;
  websocketExec: number;
  websocketAttach: number;
  spdyExec: number;
  spdyAttach: number;
  tunnelledPortForward: number;
  /** The WebSocket channel protocol with ?ports= (client-node's PortForward). */
  websocketPortForward: number;
  spdyPortForward: number;
  portForwardStreams: number;
  injectedFailures: number;
}

export function newCounters(): Counters {
  return {
    requests: 0,
    unauthorized: 0,
    forbidden: 0,
    impersonated: 0,
    protobufBodies: 0,
    watches: 0,
    logStreams: 0,
    websocketExec: 0,
    websocketAttach: 0,
    spdyExec: 0,
    spdyAttach: 0,
    tunnelledPortForward: 0,
    websocketPortForward: 0,
    spdyPortForward: 0,
    portForwardStreams: 0,
    injectedFailures: 0,
  };
}

export interface Core {
  store: ObjectStore;
  /** The resource types served now: built-in, and from stored CustomResourceDefinitions. */
  resources: ResourceRegistry;
  authz: RbacAuthorizer;
  pods: PodRuntime;
  counters: Counters;
  /** Serve aggregated discovery v2 to clients that ask for it (else legacy documents only). */
  aggregatedDiscovery: boolean;
  /** Ends long-lived responses (watches, log follows) when the server stops. */
  track(close: () => void): () => void;
}

export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  info: RequestInfo;
  user: UserInfo;
  core: Core;
}
