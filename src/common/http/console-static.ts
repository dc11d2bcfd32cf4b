import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

// The support console (console/, built into dist/console by scripts/build-console.js) is static
// files served under /console. Its JS and CSS have content hashes in their names, so they are
// cached for good; index.html is never cached, so a new build is picked up on the next load.
// Every other path under /console is the single page itself (it routes on the URL's hash).

const PREFIX = '/console';
const ASSETS = '/assets/';

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

/** Express middleware answering GET/HEAD under /console from `dir` (default dist/console). */
export function consoleStatic(dir = CONSOLE_DIR) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const path = req.path;
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) {
      next();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).set('Allow', 'GET, HEAD').type('text/plain').send('Method Not Allowed');
      return;
    }
    const rest = path.slice(PREFIX.length);
    if (!existsSync(join(dir, 'index.html'))) {
      res
        .status(503)
        .type('text/plain')
        .send(
          'The console is not built: run `npm run build` (or `node scripts/build-console.js`).',
        );
      return;
    }
    res.set(SECURITY_HEADERS);
    if (rest.startsWith(ASSETS)) {
      let file = rest.slice(1);
      // The build writes a gzipped copy of each asset next to it.
      res.vary('Accept-Encoding');
      if (req.acceptsEncodings('gzip') === 'gzip' && existsSync(join(dir, `${file}.gz`))) {
        res.type(extname(file)).set('Content-Encoding', 'gzip');
        file = `${file}.gz`;
      }
      // sendFile with `root` refuses paths that leave it (../), and answers 404 for a missing file.
      res.sendFile(
        file,
        { root: dir, maxAge: '365d', immutable: true, dotfiles: 'deny' },
        (error) => {
          if (error && !res.headersSent) {
            res.status(404).type('text/plain').send('Not Found');
          }
        },
      );
      return;
    }
    res.sendFile('index.html', { root: dir, headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      if (error && !res.headersSent) {
        next(error);
      }
    });
  };
}
