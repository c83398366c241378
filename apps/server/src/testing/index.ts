export { startTestServer, createTestDatabase, type TestServer, type TestServerOptions } from './test-server.js';
export { TestClient, type TestResponse } from './test-client.js';
export { adminGrpcClient, type Reply } from './grpc-client.js';
export { createUserWithKey, grantInfraRole, type TestUser } from './fixtures.js';
export { useTestServer } from './mocha.js';
export { TestConnector, type TestConnectorOptions } from './test-connector.js';
export { within, DEADLINE_MS } from './deadline.js';
export { FakePagerDuty, type FakeOnCall, type FakePagerDutyUser, type InjectedFailure } from './fake-pagerduty.js';
export { ProxyAuditRepository, type ProxyAuditColumns } from '../connectors/proxy-audit.repository.js';
