// One Ollama server line. Ollama prints three kinds of lines on one stream:
// - gin's access log (gin.Default in server/routes.go, gin's defaultLogFormatter):
//   `[GIN] 2024/06/01 - 10:00:00 | 200 |  1.234567s |  127.0.0.1 | POST     "/api/chat"`;
// - its own slog text lines: `time=2024-06-01T10:00:00.000Z level=INFO source=routes.go:1 msg="…" k=v`
//   (at DEBUG, `msg="chat request" … prompt="…"` carries the whole prompt: only `msg` is kept, redacted);
// - its runner's output: llama.cpp's server (JSON timings at DEBUG up to v0.3, ext_server/server.cpp) and,
//   in current releases that launch llama-server, llama-server's own lines: those go to the llama.cpp parser.
// The Go runner of v0.4–v0.x logs no per-request token counts; Ollama has no Prometheus /metrics.
import type { StrippedLine } from '../../log-prefix-stripper';
import { matchRfc3339 } from '../../log-time';
import { baseOf, type EngineTimeContext, levelFromName, otherRecord } from '../engine-line';
import type { EngineLogRecord } from '../engine-log-record';
import { classifyLlamaCppLine } from '../llamacpp/llamacpp-log-line';

const GIN = new RegExp(
  String.raw`^\[GIN\]\s(\d{4})\/(\d{2})\/(\d{2})\s-\s(\d{2}:\d{2}:\d{2})\s\|\s*(\d{3})\s*` +
    String.raw`\|\s*[^|]{1,40}\|\s*[^|]{0,80}\|\s*([A-Z]{3,10})\s+"([^"]{0,8192})"`,
);
const SAFE_PATH = /^\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]{0,511}$/;
const SLOG = /^time=(\S{10,40})\s+level=([A-Z]{4,7})(?:[+-]\d{1,2})?\s+(?:source=\S{1,300}\s+)?/;
const MSG = /^msg=(?:"((?:[^"\\]|\\.){0,2000})"|(\S{1,300}))/;

export function classifyOllamaLine(line: StrippedLine, context: EngineTimeContext): EngineLogRecord {
  const gin = GIN.exec(line.text);
  if (gin) {
    // gin prints the server's local time without a zone; read as UTC like the other engines' times.
    const time = matchRfc3339(`${gin[1]}-${gin[2]}-${gin[3]}T${gin[4]}Z`)?.iso ?? null;
    const base = baseOf(line, context, { time, level: 'INFO' });
    const path = gin[7].split(/[?#]/)[0];
    return {
      kind: 'access',
      ...base,
      method: gin[6],
      path: SAFE_PATH.test(path) ? path : null,
      status: Number(gin[5]),
    };
  }
  const slog = SLOG.exec(line.text);
  if (slog) {
    const base = baseOf(line, context, { time: matchRfc3339(slog[1])?.iso ?? null, level: levelFromName(slog[2]) });
    const msg = MSG.exec(line.text.slice(slog[0].length));
    return otherRecord(base, msg ? (msg[1] ?? msg[2]).replace(/\\"/g, '"') : null);
  }
  return classifyLlamaCppLine(line, context);
}
