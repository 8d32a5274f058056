// Content-Disposition for a download whose name carries request data (a team slug, a week): the
// name is reduced to safe characters so that nothing a caller sends can end the header value,
// add a parameter, or fail Node's header check (a 500), whatever was validated upstream.

/** `attachment; filename="…"` with only letters, digits, '.', '_' and '-' in the name. */
export function attachmentDisposition(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200) || 'download';
  return `attachment; filename="${safe}"`;
}
