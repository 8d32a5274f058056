// Commands that touch the database run inside a small Nest context (config + libs/db), the same
// injectables the apps use, and close it when done.
import { Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfigOrExit } from '@tokenmeter/config';
import { DbModule } from '@tokenmeter/db';

@Module({ imports: [ConfigModule.forRoot(loadConfigOrExit()), DbModule] })
class CliDbModule {}

export async function withDb<T>(work: (get: <S>(type: Type<S>) => S) => Promise<T>): Promise<T> {
  const context = await NestFactory.createApplicationContext(CliDbModule, { logger: ['error'] });
  try {
    return await work((type) => context.get(type));
  } finally {
    await context.close();
  }
}
