export { startTestServer, createTestDatabase, type TestServer, type TestServerOptions } from './test-server.js';
export { TestClient } from './test-client.js';
