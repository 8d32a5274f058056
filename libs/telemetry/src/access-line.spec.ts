import { describe, expect, it } from 'vitest';
import { parseAccessLine } from './access-line';

describe('parseAccessLine', () => {
  it('reads method, path and status, without the query string', () => {
    expect(parseAccessLine('127.0.0.1:52312 - "POST /v1/chat/completions HTTP/1.1" 200 OK')).toEqual({
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
    });
    expect(parseAccessLine('[::1]:5000 - "GET /v1/models?x=secret#y HTTP/2" 404 Not Found')).toEqual({
      method: 'GET',
      path: '/v1/models',
      status: 404,
    });
  });

  it('drops a path that is not path-shaped and ignores other uvicorn lines', () => {
    expect(parseAccessLine('1.2.3.4:1 - "GET http://evil/x HTTP/1.1" 400 Bad Request')).toMatchObject({
      path: null,
      status: 400,
    });
    expect(parseAccessLine('Started server process [1]')).toBeNull();
  });
});
