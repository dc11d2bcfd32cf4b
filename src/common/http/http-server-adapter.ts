import { FastifyAdapter } from '@nestjs/platform-fastify';
import { BODY_LIMIT_BYTES } from './json-body';
import { serveFolder } from './static-files';

/**
 * Nest on Fastify, set up the way the API behaves: bodies up to BODY_LIMIT_BYTES, a trailing
 * slash ignored, long (bad) ids reaching validation rather than a 404, and requests still
 * arriving while stopping answered (stopAccepting closes their connections after the answer).
 */
export class HttpServerAdapter extends FastifyAdapter {
  constructor() {
    super({
      bodyLimit: BODY_LIMIT_BYTES,
      return503OnClosing: false,
      routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    });
  }

  /**
   * The API docs' UI files (SwaggerModule calls this with swagger-ui-dist's folder), served by
   * static-files.ts rather than @fastify/static: one small reader for the few files served.
   */
  override useStaticAssets(options: { root: string | string[]; prefix?: string }): void {
    const roots = Array.isArray(options.root) ? options.root : [options.root];
    for (const root of roots) {
      serveFolder(this.getInstance(), options.prefix ?? '/', root);
    }
  }
}
