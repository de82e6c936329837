/**
 * CMP over HTTP (RFC 9811 §3): POST with Content-Type application/pkixcmp to /.well-known/cmp[/p/<profile>][/<op>]
 * or /pkix/ (OpenSSL's default path); success is HTTP 200 with the DER response. CORS only for the app's origin
 * (the app POSTs from the browser). A storage failure answers 503 with Retry-After — never 200 with a response
 * that was not committed.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { CmpService } from './cmp-service';
import { MAX_MESSAGE_BYTES } from '../../shared/cmp';

export const CMP_CONTENT_TYPE = 'application/pkixcmp';

export interface HttpServerOptions {
  readonly service: CmpService;
  /** Origin allowed by CORS (e.g. https://app.example); none when absent. */
  readonly appOrigin?: string;
  /** Called with unexpected errors (the CLI prints them to stderr). */
  readonly onError?: (error: unknown) => void;
}

const PATHS = ['/.well-known/cmp', '/.well-known/cmp/*', '/pkix', '/pkix/', '/pkix/*'];

export function buildHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: MAX_MESSAGE_BYTES });
  app.addContentTypeParser(CMP_CONTENT_TYPE, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const cors = (reply: FastifyReply, origin: string | undefined): void => {
    if (options.appOrigin && origin === options.appOrigin) {
      reply.header('Access-Control-Allow-Origin', options.appOrigin);
      reply.header('Vary', 'Origin');
    }
  };

  for (const url of PATHS) {
    app.options(url, async (request, reply) => {
      cors(reply, request.headers.origin);
      if (options.appOrigin && request.headers.origin === options.appOrigin) {
        reply.header('Access-Control-Allow-Methods', 'POST');
        reply.header('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
        reply.header('Access-Control-Max-Age', '600');
      }
      return reply.code(204).send();
    });
    app.post(url, async (request, reply) => {
      cors(reply, request.headers.origin);
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== CMP_CONTENT_TYPE || !Buffer.isBuffer(request.body)) {
        return reply.code(415).type('text/plain; charset=utf-8').send(`expecting ${CMP_CONTENT_TYPE}`);
      }
      let response: Uint8Array;
      try {
        response = await options.service.handle(new Uint8Array(request.body));
      } catch (error) {
        options.onError?.(error);
        return reply.code(503).header('Retry-After', '5').type('text/plain; charset=utf-8').send('temporarily unavailable');
      }
      return reply.code(200).header('Cache-Control', 'no-store').type(CMP_CONTENT_TYPE).send(Buffer.from(response));
    });
  }
  return app;
}
