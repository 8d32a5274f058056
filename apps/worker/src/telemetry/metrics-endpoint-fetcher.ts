// GETs a deployment's Prometheus endpoint without becoming a way into the internal network: every
// address the name resolves to is checked before connecting (private, loopback and link-local
// networks such as the cloud metadata service only when METRICS_ALLOWED_NETWORKS lists them), the
// check runs inside the connection's own lookup (no second resolution to rebind), and redirects
// are not followed. Credentials in the URL are sent as basic auth and never appear in an error.
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import {
  AllowedNetworks,
  outboundAddressRefusal,
  parseAllowedNetworks,
  redactUrlCredentials,
} from '@tokenmeter/contracts';

const TIMEOUT_MS = 5_000;
/** A /metrics page far larger than this is not one vLLM server or one DCGM exporter. */
const MAX_BYTES = 16 * 1024 * 1024;

/** GETs a Prometheus text endpoint; throws with a one-line reason when it cannot. */
@Injectable()
export class MetricsEndpointFetcher {
  private readonly allowed: AllowedNetworks;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const parsed = parseAllowedNetworks(config.METRICS_ALLOWED_NETWORKS);
    if (!parsed.ok) throw new Error(`METRICS_ALLOWED_NETWORKS: ${parsed.error}`);
    this.allowed = parsed.list;
  }

  async fetchText(url: string): Promise<string> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new Error('not a valid URL');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      throw new Error(`expected an http: or https: URL, got ${target.protocol}`);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const refusal = outboundAddressRefusal(host, this.allowed);
      if (refusal) throw new Error(`refused: ${refusal}`);
    }
    return this.get(target);
  }

  private get(target: URL): Promise<string> {
    const allowed = this.allowed;
    const checkedLookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const list = addresses as unknown as LookupAddress[];
        for (const { address } of list) {
          const refusal = outboundAddressRefusal(address, allowed);
          if (refusal) return callback(Object.assign(new Error(`refused: ${hostname}: ${refusal}`)), '', 0);
        }
        if ((options as { all?: boolean }).all) return (callback as (e: null, a: LookupAddress[]) => void)(null, list);
        return callback(null, list[0]!.address, list[0]!.family);
      });
    };
    const client = target.protocol === 'https:' ? https : http;
    return new Promise<string>((resolve, reject) => {
      const req = client.get(
        target,
        {
          lookup: checkedLookup,
          timeout: TIMEOUT_MS,
          headers: { accept: 'text/plain;version=0.0.4, */*;q=0.1' },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400) {
            res.resume();
            return reject(new Error(`HTTP ${status}: redirects are not followed`));
          }
          if (status < 200 || status >= 300) {
            res.resume();
            return reject(new Error(`HTTP ${status}`));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BYTES) {
              req.destroy();
              reject(new Error(`response of more than ${MAX_BYTES} bytes; expected at most ${MAX_BYTES}`));
            } else chunks.push(chunk);
          });
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', (error) => reject(new Error(`cannot read: ${error.message}`)));
        },
      );
      req.on('timeout', () => {
        req.destroy();
        reject(new Error(`no answer in ${TIMEOUT_MS} ms`));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        const reason = error.message.startsWith('refused:') ? error.message : (error.code ?? error.message);
        reject(new Error(error.message.startsWith('refused:') ? reason : `cannot connect: ${reason}`));
      });
    }).catch((error: Error) => {
      throw new Error(redactUrlCredentials(error.message));
    });
  }
}
