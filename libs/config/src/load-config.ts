import { z } from 'zod';
import { AppConfig, configSchema } from './config-schema';

export class ConfigError extends Error {}

/** Parses the environment once; every problem is named with its variable and what was expected. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues
      .map((issue) => {
        const variable = String(issue.path[0]);
        const got = env[variable];
        return `config: ${variable}: ${issue.message}${got === undefined ? '' : `, got ${JSON.stringify(got)}`}`;
      })
      .join('; '),
  );
}

/** For process entry points: a bad environment stops the process with one line on stderr. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof z.ZodError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
