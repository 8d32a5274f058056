// The fields a page's form posts (application/x-www-form-urlencoded). A form holds a few short fields,
// so a body over 4 KiB is refused (413) rather than read.
import type { Request } from 'express';
import { readRawBody } from '../http/raw-body';

const FORM_LIMIT = 4 * 1024;

export async function readFormFields(req: Request): Promise<URLSearchParams> {
  return new URLSearchParams((await readRawBody(req, FORM_LIMIT)).toString('utf8'));
}
