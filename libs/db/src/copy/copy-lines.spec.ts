import { describe, expect, it } from 'vitest';
import { CopyLines, CopyLinesWriter, copyChunks, lineCount, lineText, pickLines } from './copy-lines';

function texts(lines: CopyLines): string[] {
  return Array.from({ length: lineCount(lines) }, (_, i) => lineText(lines, i));
}

describe('CopyLinesWriter', () => {
  it('keeps lines of any script and grows past its first guess', () => {
    const writer = new CopyLinesWriter(1, 1);
    const written = ['a\tb\n', 'Grüße\t東京\n', '🙂\n', ...Array.from({ length: 500 }, (_, i) => `row ${i}\n`)];
    for (const line of written) writer.push(line);
    const lines = writer.finish();
    expect(texts(lines)).toEqual(written);
    expect(lines.bytes.byteLength).toBe(Buffer.byteLength(written.join('')));
    // Its own buffer, so it can be moved to another thread without taking anything else along.
    expect(lines.bytes.buffer.byteLength).toBe(lines.bytes.byteLength);
  });
});

describe('pickLines', () => {
  it('copies the chosen lines in the order asked, with a prefix when given', () => {
    const writer = new CopyLinesWriter();
    for (const line of ['zero\n', 'one\n', 'two\n']) writer.push(line);
    const lines = writer.finish();
    expect(texts(pickLines(lines, [2, 0]))).toEqual(['two\n', 'zero\n']);
    expect(texts(pickLines(lines, [1, 2], (position) => `${position}\t`))).toEqual(['0\tone\n', '1\ttwo\n']);
    expect(lineCount(pickLines(lines, []))).toBe(0);
  });
});

describe('copyChunks', () => {
  it('cuts the bytes at line ends only, and loses none', () => {
    const writer = new CopyLinesWriter();
    const written = Array.from({ length: 100 }, (_, i) => `${'x'.repeat(i % 7)}${i}\n`);
    for (const line of written) writer.push(line);
    const chunks = [...copyChunks(writer.finish(), 50)];
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.toString().endsWith('\n')).toBe(true);
    expect(Buffer.concat(chunks).toString()).toBe(written.join(''));
  });
});
