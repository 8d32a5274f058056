import { describe, expect, it } from 'vitest';
import { decodeCloudEventHeaderValue } from './cloud-event-http-header-value';

const decoded = (raw: string) => decodeCloudEventHeaderValue(raw);

describe('decodeCloudEventHeaderValue (HTTP binding §3.1.3.2)', () => {
  it("decodes the binding's own example, and lower-case hex", () => {
    expect(decoded('Euro%20%E2%82%AC%20%F0%9F%98%80')).toEqual({ ok: true, value: 'Euro € 😀' });
    expect(decoded('Euro%20%e2%82%ac')).toEqual({ ok: true, value: 'Euro €' });
  });

  it('accepts unnecessary percent-encoding and raw spaces, and decodes only once', () => {
    expect(decoded('%61bc')).toEqual({ ok: true, value: 'abc' });
    expect(decoded('my app')).toEqual({ ok: true, value: 'my app' });
    expect(decoded('100%2541')).toEqual({ ok: true, value: '100%41' });
  });

  it('unescapes double-quoted strings before percent-decoding', () => {
    expect(decoded('"hello world"')).toEqual({ ok: true, value: 'hello world' });
    expect(decoded('"say \\"hi\\""')).toEqual({ ok: true, value: 'say "hi"' });
    expect(decoded('"a%20b"')).toEqual({ ok: true, value: 'a b' });
    expect(decoded('"open')).toEqual({ ok: false, problem: 'a double-quoted string is not closed' });
  });

  it('refuses overlong and other invalid UTF-8, broken escapes and raw non-ASCII', () => {
    expect(decoded('%C0%A0')).toEqual({ ok: false, problem: 'the percent-encoded bytes are not valid UTF-8' });
    expect(decoded('%E2%82')).toMatchObject({ ok: false });
    expect(decoded('50%')).toEqual({
      ok: false,
      problem: 'invalid percent-encoding at character 3; a literal "%" is sent as %25',
    });
    expect(decoded('%zz')).toMatchObject({ ok: false });
    expect(decoded('café')).toMatchObject({ ok: false, problem: expect.stringMatching(/printable US-ASCII/) });
  });
});
