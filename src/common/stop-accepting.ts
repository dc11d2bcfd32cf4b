import type { Server, ServerResponse } from 'node:http';

/**
 * Stops an HTTP server from accepting connections without cutting the requests it is answering:
 * idle keep-alive connections close at once, busy ones right after their answer (a client must
 * not hold the server open for the keep-alive timeout), and whatever is still open after `cutMs`
 * is cut. Resolves once the server is closed.
 */
export function stopAccepting(server: Server, cutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A request that still arrives on an open connection is answered, then its connection closed.
  server.prependListener('request', (_req, res: ServerResponse) => {
    res.shouldKeepAlive = false;
  });
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), cutMs);
  return closed.finally(() => {
    clearInterval(idle);
    clearTimeout(cut);
  });
}
