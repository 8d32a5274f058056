import { describe, expect, it } from 'vitest';
import { csvField, csvText, parseCsv } from './csv-text';

describe('csv-text', () => {
  it('quotes only what RFC 4180 needs quoted and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(null)).toBe('');
    expect(csvField(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('neutralizes text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('-1.25')).toBe('-1.25');
    expect(csvField('+3')).toBe('+3');
    expect(csvField(-7)).toBe('-7');
    expect(csvField('gpt-4o')).toBe('gpt-4o');
  });

  it('round-trips through its parser with CRLF line ends', () => {
    const rows = [['x', 'a,b', 'q"uote', 'multi\r\nline', '']];
    const text = csvText(['h1', 'h2', 'h3', 'h4', 'h5'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([['h1', 'h2', 'h3', 'h4', 'h5'], ...rows]);
  });
});
