import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacSha256 } from './hmac-sha256';

const nodeHmac = (key: string | Uint8Array, message: string | Uint8Array) =>
  createHmac('sha256', key).update(message).digest('hex');

describe('HmacSha256', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(new HmacSha256('Jefe').hex('what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('is createHmac for keys shorter than, equal to and longer than a block, and messages of any size', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })),
        fc.array(fc.oneof(fc.string({ maxLength: 3_000 }), fc.uint8Array({ maxLength: 3_000 })), { maxLength: 4 }),
        (key, messages) => {
          // One instance for several messages: a long message grows its buffer, a short one after it must not
          // read the long one's bytes.
          const hmac = new HmacSha256(key);
          for (const message of messages) expect(hmac.hex(message)).toBe(nodeHmac(key, message));
        },
      ),
    );
  });

  it('signs a message larger than the room it keeps, and the ones after it', () => {
    const hmac = new HmacSha256('k');
    const large = new Uint8Array(200_000).fill(7);
    expect(hmac.hex(large)).toBe(nodeHmac('k', large));
    expect(hmac.hex('small')).toBe(nodeHmac('k', 'small'));
  });

  it('reads a string as UTF-8, as createHmac does', () => {
    const hmac = new HmacSha256('0'.repeat(64));
    expect(hmac.hex('é ü 中文 🎉')).toBe(nodeHmac('0'.repeat(64), 'é ü 中文 🎉'));
  });
});
