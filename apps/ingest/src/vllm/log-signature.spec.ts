import { SigningKey, signatureHeaders } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import { logSignatureRefusal } from './log-signature';

const searchKey: SigningKey = { keyId: 'k-search', signingSecret: 'secret-search', team: 'search' };
const orgKey: SigningKey = { keyId: 'k-org', signingSecret: 'secret-org', team: null };
const keys = new Map([searchKey, orgKey].map((k) => [k.keyId, k]));
const line = 'INFO 11-27 10:00:00 [loggers.py:116] Engine 000: Avg prompt throughput: 1.0 tokens/s';
const signed = (key: SigningKey, value = line) => ({
  value: Buffer.from(value),
  headers: signatureHeaders(key, Buffer.from(line)),
});

describe('logSignatureRefusal', () => {
  const searchPool = { name: 'search-pool', team: 'search' };
  const adsPool = { name: 'ads-pool', team: 'ads' };

  it("accepts a line signed by the deployment's team, or by an organization-wide key", () => {
    expect(logSignatureRefusal(signed(searchKey), searchPool, keys, true)).toBeNull();
    expect(logSignatureRefusal(signed(orgKey), adsPool, keys, true)).toBeNull();
  });

  it("refuses another team's key, a changed line, and (when required) an unsigned line, naming the deployment", () => {
    expect(logSignatureRefusal(signed(searchKey), adsPool, keys, true)).toMatch(
      /^deployment ads-pool of team "ads": subject: key k-search belongs to team "search"/,
    );
    expect(logSignatureRefusal(signed(searchKey, `${line} `), searchPool, keys, true)).toMatch(/does not match/);
    expect(logSignatureRefusal({ value: Buffer.from(line) }, searchPool, keys, true)).toMatch(/unsigned record/);
    expect(logSignatureRefusal({ value: Buffer.from(line) }, searchPool, keys, false)).toBeNull();
    // A signed line is checked whatever the setting says.
    expect(logSignatureRefusal(signed(searchKey), adsPool, keys, false)).toMatch(/belongs to team "search"/);
  });
});
