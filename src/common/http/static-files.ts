import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

// Static files: the support console (console-static.ts) and the API docs' UI (swagger-ui-dist,
// through HttpServerAdapter.useStaticAssets). Nothing else is served from disk.

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * A request path below a folder as a relative file name, or undefined when it would leave the
 * folder (../), names a dotfile or is empty.
 */
export function fileBelow(requested: string): string | undefined {
  // The router has already decoded the path.
  const file = normalize(requested).replace(/^[/\\]+/, '');
  const parts = file.split(sep);
  if (file === '' || file === '.' || parts.some((part) => part === '..' || part.startsWith('.'))) {
    return undefined;
  }
  return file;
}

/** Answers with the file at `path` (typed by the extension of `name`), or 404 when there is none. */
export async function sendFile(
  reply: FastifyReply,
  path: string,
  name: string,
  headers: Record<string, string> = {},
): Promise<FastifyReply> {
  const found = await stat(path).catch(() => undefined);
  if (found === undefined || !found.isFile()) {
    return notFound(reply);
  }
  return reply
    .headers(headers)
    .header('Content-Length', found.size)
    .header('Last-Modified', found.mtime.toUTCString())
    .type(CONTENT_TYPES[extname(name)] ?? 'application/octet-stream')
    .send(createReadStream(path));
}

export function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).type('text/plain; charset=utf-8').send('Not Found');
}

/** GET (and HEAD) `${prefix}/<file>` from the folder `root`. */
export function serveFolder(server: FastifyInstance, prefix: string, root: string): void {
  server.get(`${prefix.replace(/\/$/, '')}/*`, (request, reply) => {
    const file = fileBelow((request.params as { '*': string })['*']);
    return file === undefined ? notFound(reply) : sendFile(reply, join(root, file), file);
  });
}
