export { startServer, type RunningServer, type StartOptions } from './server.js';
export { ChangesService } from './modules/changes/changes.service.js';
export type * from './modules/changes/change.types.js';
export { SnapshotService, type DestinationSnapshot } from './modules/changes/snapshot.service.js';
export { DestinationsService, type ConnectorRegistration } from './modules/destinations/destinations.service.js';
export { AuthService } from './modules/auth/auth.service.js';
export { SigningKeysService } from './modules/tokens/signing-keys.service.js';
export { loadAdminPackage, ADMIN_PROTO, type GrpcRegistration } from './grpc/admin-grpc.server.js';
export { loadConfig, redactConfig, ConfigError, type ServerConfig } from './config/config.js';
