import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { registerConsole } from './common/http/console-static';
import { HttpServerAdapter } from './common/http/http-server-adapter';
import { registerBodyParsing } from './common/http/json-body';
import { stopAccepting } from './common/stop-accepting';
import { AppConfig } from './config/app-config';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { ApiKeysService } from './modules/api-keys/api-keys.service';
import { registerHttpMetrics } from './modules/metrics/http-metrics.hook';
import { MetricsService } from './modules/metrics/metrics.service';
import { DownloadTuning } from './modules/orders/download/download-options';
import { RelayTuning } from './modules/relay/relay-settings';
import { SecretKeyCheck } from './modules/stores/secret-key-check';
import { buildOpenApiDocument } from './openapi';

// At shutdown, requests in flight get this long to be answered before their connections are cut.
const HTTP_DRAIN_MS = 6_000;

export interface BridgeApp {
  app: NestFastifyApplication;
  /** Set on the first start without ADMIN_API_KEY: print it once, it is never shown again. */
  generatedAdminKey: string | undefined;
  close(): Promise<void>;
}

export interface BridgeAppOptions {
  prettyLogs?: boolean;
  /** The relay's tuning where it differs from the defaults (tests, benchmarks). */
  relay?: RelayTuning;
  /** The download engine's tuning where it differs from the defaults (tests, benchmarks). */
  download?: DownloadTuning;
}

/**
 * Builds the whole service: the embedded Postgres when no DATABASE_URL is set, migrations, the
 * SECRET_KEY check, the admin key, the HTTP stack and the OpenAPI docs. Used by main.ts, the tests
 * and the scripts. A SECRET_KEY that does not match the database's rejects with a ConfigError.
 */
export async function createBridgeApp(
  config: AppConfig,
  options: BridgeAppOptions = {},
): Promise<BridgeApp> {
  const embedded = config.embedded ? await EmbeddedPostgres.start(config.dataDir) : undefined;
  let created: NestFastifyApplication | undefined;
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({
        config,
        databaseUrl: config.databaseUrl ?? embedded!.url,
        prettyLogs: options.prettyLogs ?? false,
        relay: options.relay,
        download: options.download,
      }),
      new HttpServerAdapter(),
      { bodyParser: false, bufferLogs: true, abortOnError: false },
    );
    created = app;
    app.useLogger(app.get(Logger));
    const server = app.getHttpAdapter().getInstance();
    registerBodyParsing(server);
    registerHttpMetrics(server, app.get(MetricsService));
    // The support console's static files under /console (the API, docs, health, metrics untouched).
    registerConsole(server);
    SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
      jsonDocumentUrl: 'docs-json',
    });
    // Before init, which starts the schedulers and relay workers: nothing runs with credentials
    // this key cannot read.
    await app.get(SecretKeyCheck).verifyAtStart();
    await app.init();
    await server.ready();
    const generatedAdminKey = await app.get(ApiKeysService).ensureAdminKey(config.adminApiKey);
    return {
      app,
      generatedAdminKey,
      close: async () => {
        // Requests first: no new connection from here on (the workers then stop, the database
        // closes last, after the requests in flight are answered).
        const drained = stopAccepting(app.getHttpServer(), HTTP_DRAIN_MS);
        await app.close();
        await drained;
        await embedded?.stop();
      },
    };
  } catch (error) {
    // Closing releases the database pool; the startup error is the one worth reporting.
    await created?.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
}
