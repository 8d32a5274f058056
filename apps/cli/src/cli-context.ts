// Commands that touch the database run inside a small Nest context (config + libs/db, plus the
// modules a command names), the same injectables the apps use, and close it when done.
import { DynamicModule, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigModule, loadConfigOrExit } from '@tokenmeter/config';
import { DbModule } from '@tokenmeter/db';

/** Resolves an injectable from the command's context. */
export type Get = <S>(type: Type<S>) => S;
type ModuleImport = Type | DynamicModule;

/** Runs `work` in a context of config, libs/db and `modules` (a function of the config, when they need it). */
export async function withContext<T>(
  modules: ModuleImport[] | ((config: AppConfig) => ModuleImport[]),
  work: (get: Get) => Promise<T>,
): Promise<T> {
  const config = loadConfigOrExit();
  @Module({
    imports: [ConfigModule.forRoot(config), DbModule, ...(typeof modules === 'function' ? modules(config) : modules)],
  })
  class CliModule {}
  const context = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    return await work((type) => context.get(type));
  } finally {
    await context.close();
  }
}

export function withDb<T>(work: (get: Get) => Promise<T>): Promise<T> {
  return withContext([], work);
}
