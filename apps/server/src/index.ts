export { startServer, type RunningServer } from './server.js';
export { loadConfig, redactConfig, ConfigError, type ServerConfig } from './config/config.js';
