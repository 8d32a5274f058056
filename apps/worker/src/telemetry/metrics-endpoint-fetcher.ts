import { Injectable } from '@nestjs/common';

const TIMEOUT_MS = 5_000;
/** A /metrics page far larger than this is not one vLLM server or one DCGM exporter. */
const MAX_BYTES = 16 * 1024 * 1024;

/** GETs a Prometheus text endpoint; throws with a one-line reason when it cannot. */
@Injectable()
export class MetricsEndpointFetcher {
  async fetchText(url: string): Promise<string> {
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: { accept: 'text/plain;version=0.0.4, */*;q=0.1' },
        redirect: 'follow',
      });
    } catch (error) {
      const name = (error as Error).name;
      throw new Error(name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS} ms` : `cannot connect: ${causeOf(error)}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    const text = await response.text();
    if (text.length > MAX_BYTES)
      throw new Error(`response of ${text.length} characters; expected at most ${MAX_BYTES}`);
    return text;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
