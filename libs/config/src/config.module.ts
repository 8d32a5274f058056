import { Global, Module } from '@nestjs/common';
import { AppConfig } from './config-schema';
import { loadConfigOrExit } from './load-config';

/** Injection token for the typed configuration, parsed once per process. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config?: AppConfig) {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? loadConfigOrExit() }],
      exports: [APP_CONFIG],
    };
  }
}
