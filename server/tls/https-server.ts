/** An https.Server for the REST API that serves ServerTls's current material and takes each reload. */
import * as https from 'node:https';
import type * as http from 'node:http';
import type { ServerTls } from './server-tls';

/**
 * A TLS handshake must finish within this; Node's default (120 s) would let a
 * client that opens connections and never completes one hold them long before
 * the REST headers timeout (connection-limits.ts) starts counting.
 */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export function createHttpsServer(tls: ServerTls, app: http.RequestListener): https.Server {
  const server = https.createServer({ ...tls.serverOptions(), handshakeTimeout: HANDSHAKE_TIMEOUT_MS }, app);
  const unsubscribe = tls.onReload((options) => server.setSecureContext(options));
  server.once('close', unsubscribe);
  return server;
}
