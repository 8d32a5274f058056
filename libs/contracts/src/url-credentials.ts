// A metrics URL may carry basic-auth credentials (`http://user:secret@host/metrics`). They are used
// to connect and nowhere else: never in a log line, an error, or an answer to a team key.

const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi;

/** Every URL in `text` with its user:password part replaced by `***`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO, '$1***@');
}
