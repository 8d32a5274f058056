// Uvicorn's access line after its `INFO:     ` head: `127.0.0.1:52312 - "POST /v1/chat/completions
// HTTP/1.1" 200 OK`. The query string is dropped: clients put anything there.

export interface AccessFields {
  method: string;
  path: string | null;
  status: number;
}

const ACCESS = /^(\S{1,300})\s+-\s+"([A-Z]{3,10})\s+(\S{1,8192})\s+HTTP\/[\d.]{1,5}"\s+(\d{3})\b/;
const SAFE_PATH = /^\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]{0,511}$/;

export function parseAccessLine(body: string): AccessFields | null {
  const m = ACCESS.exec(body.trimStart());
  if (!m) return null;
  const path = m[3].split(/[?#]/)[0];
  return { method: m[2], path: SAFE_PATH.test(path) ? path : null, status: Number(m[4]) };
}
