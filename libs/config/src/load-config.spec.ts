import { describe, expect, it } from 'vitest';
import { parseConfig } from './load-config';

describe('parseConfig', () => {
  it('defaults to the local stack', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/tokenmeter');
    expect(config.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(config.API_PORT).toBe(3000);
  });

  it('names the variable, what it expects and what it got', () => {
    expect(() => parseConfig({ DATABASE_URL: 'nonsense' })).toThrow(
      /^config: DATABASE_URL: expected a postgresql:\/\/ or postgres:\/\/ URL .*, got "nonsense"$/,
    );
    expect(() => parseConfig({ API_PORT: '70000' })).toThrow(/API_PORT: .*got "70000"/);
    expect(() => parseConfig({ KAFKA_BROKERS: 'a b' })).toThrow(/KAFKA_BROKERS: expected host:port/);
  });
});
