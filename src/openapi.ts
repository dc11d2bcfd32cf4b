import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('miva-oms-bridge')
    .setDescription(
      'Middleware between Miva Merchant stores and back-office order management systems: ' +
        'orders down from Miva, shipments and inventory back up. Request bodies are JSON, sent ' +
        'with `Content-Type: application/json` (anything else is 415, the Miva webhook excepted). ' +
        'Every error is `{"error": {"code", "message", "details"}}`; a 403 names the scope the key ' +
        'lacks.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key, or the admin key' })
    .build();
  return SwaggerModule.createDocument(app, config);
}
