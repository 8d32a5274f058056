// The OpenAPI document of every controller, served as JSON at /docs/openapi.json and as a
// readable page (Swagger UI) at /docs.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('TokenMeter API')
    .setDescription(
      'LLM usage metering and FinOps. Authenticate with `Authorization: Bearer <API key>`. Errors share one shape: ' +
        '`{status, error, errors: [{path, message}]}`. ' +
        'Lists are paginated with `page`/`pageSize` and answer `nextPage`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
}
