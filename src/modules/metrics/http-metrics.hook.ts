import type { FastifyInstance } from 'fastify';
import { MetricsService } from './metrics.service';

/** Counts and times every request by its route pattern (never the raw URL: ids would explode). */
export function registerHttpMetrics(server: FastifyInstance, metrics: MetricsService): void {
  server.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    metrics.httpRequests.inc({ method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
}
