// TensorRT-LLM lines, behind Triton (tensorrtllm_backend) or trtllm-serve:
// - Triton's glog head `I0523 10:00:00.123456 1 model.py:123] message` (year-less; level I/W/E/F);
// - TensorRT-LLM's own `[TensorRT-LLM][INFO] message` (C++ runtime, executor);
// - trtllm-serve's uvicorn access lines `INFO:     127.0.0.1:5000 - "POST /v1/completions HTTP/1.1" 200 OK`.
// Neither Triton nor TensorRT-LLM logs a request's token counts at the default level: token volume for
// this engine comes from its metrics (trtllm-metrics.ts). Requests are counted from access lines.
import { parseAccessLine } from '../../access-line';
import type { StrippedLine } from '../../log-prefix-stripper';
import { baseOf, type EngineTimeContext, levelFromName, otherRecord } from '../engine-line';
import type { EngineLogRecord } from '../engine-log-record';

const GLOG =
  /^([IWEF])(\d{2})(\d{2})\s(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s+\d{1,10}\s+[\w./-]{1,200}:\d{1,7}\]\s?/;
const TRTLLM = /^\[TensorRT-LLM\](?:\[([A-Z]{1,8})\])?\s?/;
const UVICORN = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL|TRACE):\s+/;

export function classifyTrtllmLine(line: StrippedLine, context: EngineTimeContext): EngineLogRecord {
  let text = line.text;
  const glog = GLOG.exec(text);
  const own = glog
    ? {
        level: levelFromName(glog[1]),
        yearless: {
          month: Number(glog[2]),
          day: Number(glog[3]),
          hour: Number(glog[4]),
          minute: Number(glog[5]),
          second: Number(glog[6]),
          millisecond: Number((glog[7] ?? '').padEnd(3, '0').slice(0, 3)),
        },
      }
    : {};
  if (glog) text = text.slice(glog[0].length);
  const base = baseOf(line, context, own);
  const trt = TRTLLM.exec(text);
  if (trt) {
    base.level = levelFromName(trt[1]) ?? base.level;
    return otherRecord(base, text.slice(trt[0].length));
  }
  const uvicorn = UVICORN.exec(text);
  if (uvicorn) {
    base.level = levelFromName(uvicorn[1]);
    const access = parseAccessLine(text.slice(uvicorn[0].length));
    if (access) return { kind: 'access', ...base, ...access };
    return otherRecord(base, text.slice(uvicorn[0].length));
  }
  return otherRecord(base, glog ? text : null);
}
