import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('miva-oms-bridge')
    .setDescription(
      'Middleware between Miva Merchant stores and back-office order management systems: ' +
        'orders down from Miva, shipments and inventory back up.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key, or the admin key' })
    .build();
  return SwaggerModule.createDocument(app, config);
}
