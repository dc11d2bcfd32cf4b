import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileBelow, notFound, sendFile } from './static-files';

// The support console (console/, built into dist/console by scripts/build-console.js) is static
// files served under /console. Its JS and CSS have content hashes in their names, so they are
// cached for good; index.html is never cached, so a new build is picked up on the next load.
// Every other path under /console is the single page itself (it routes on the URL's hash).

const PREFIX = '/console';
const ASSETS = 'assets/';

// The key the console signs in with lives in sessionStorage: nothing but our own bundle may run.
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** The repository root: the nearest folder above this file with a package.json (src/ or dist/src/). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      return process.cwd();
    }
    dir = parent;
  }
  return dir;
}

export const CONSOLE_DIR = join(projectRoot(), 'dist', 'console');

/**
 * Serves GET (and HEAD) under /console from `dir` (default dist/console): the hashed assets, and
 * index.html for every other path. Other methods are a 405.
 */
export function registerConsole(server: FastifyInstance, dir = CONSOLE_DIR): void {
  const serve = (request: FastifyRequest, reply: FastifyReply) => serveConsole(dir, request, reply);
  for (const url of [PREFIX, `${PREFIX}/*`]) {
    server.get(url, serve);
    server.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url,
      handler: (_request, reply) =>
        reply.code(405).header('Allow', 'GET, HEAD').type('text/plain').send('Method Not Allowed'),
    });
  }
}

async function serveConsole(
  dir: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  if (!existsSync(join(dir, 'index.html'))) {
    return reply
      .code(503)
      .type('text/plain')
      .send('The console is not built: run `npm run build` (or `node scripts/build-console.js`).');
  }
  reply.headers(SECURITY_HEADERS);
  const rest = (request.params as { '*'?: string })['*'] ?? '';
  if (!rest.startsWith(ASSETS)) {
    return sendFile(reply, join(dir, 'index.html'), 'index.html', { 'Cache-Control': 'no-cache' });
  }
  // Only files inside assets/, never a dotfile, never a path leaving the folder (../).
  const file = fileBelow(rest);
  if (file === undefined || !file.startsWith(ASSETS)) {
    return notFound(reply);
  }
  const cache = { 'Cache-Control': 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding' };
  // The build writes a gzipped copy of each asset next to it.
  const gzipped = join(dir, `${file}.gz`);
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '') && existsSync(gzipped)) {
    return sendFile(reply, gzipped, file, { ...cache, 'Content-Encoding': 'gzip' });
  }
  return sendFile(reply, join(dir, file), file, cache);
}
