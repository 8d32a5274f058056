// The README's webhook verification example is code a receiver copies: it must accept what the
// sender signs and refuse a stale or altered message.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { webhookSignature } from '../../libs/finops/src';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

describe('README webhook verification example', () => {
  const section = readme.split('**Verifying a webhook.**')[1] ?? '';
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];

  it('verifies what the sender signs, within the replay window only', () => {
    expect(code, 'README: a js block after "Verifying a webhook"').toBeDefined();
    type Verify = (secret: string, headers: Record<string, string>, body: string, now?: number) => boolean;
    const verify = new Function('require', `${code}\nreturn verifyTokenMeter;`)(createRequire(__filename)) as Verify;
    const body = '{"type":"alert.fired"}';
    const now = 1_800_000_000;
    const headers = {
      'x-tokenmeter-timestamp': String(now),
      'x-tokenmeter-signature': webhookSignature('s3cret', String(now), body),
    };
    expect(verify('s3cret', headers, body, now + 5)).toBe(true);
    expect(verify('s3cret', headers, body, now + 301)).toBe(false);
    expect(verify('s3cret', headers, `${body} `, now)).toBe(false);
    expect(verify('other', headers, body, now)).toBe(false);
  });
});
