import { describe, expect, it } from 'vitest';
import { isTransientDatabaseError } from './database-errors';

describe('isTransientDatabaseError', () => {
  it('retries what the database or the deploy will get over, and blames the data for the rest', () => {
    const transient = ['ECONNREFUSED', '08006', '57P01', '53300', '40P01', '55P03', '42703', '42P01', '42501', '3F000'];
    for (const code of transient) expect(isTransientDatabaseError({ code }), code).toBe(true);
    expect(isTransientDatabaseError(new Error('socket hang up'))).toBe(true);
    for (const code of ['22P02', '22001', '22003', '23505', '23514'])
      expect(isTransientDatabaseError({ code }), code).toBe(false);
  });
});
