// What every GET of an HTML page declares: it answers HTML (in the OpenAPI document too), and it is
// never cached, since it shows one reader's figures as they are now.
import { applyDecorators, Header } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';

export const HTML = 'text/html; charset=utf-8';

export function HtmlPage(): MethodDecorator {
  return applyDecorators(ApiProduces('text/html'), Header('cache-control', 'no-store'), Header('content-type', HTML));
}
