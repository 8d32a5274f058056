/** Polls `probe` until `done(value)` holds, returning the last value; fails with it after the timeout. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > until)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; ` +
          `last value: ${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await probe();
  }
  return value;
}
