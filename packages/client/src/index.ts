export { RespConnection, ConnectionError, type ConnectOptions } from './connection.js';
