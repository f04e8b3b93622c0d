/**
 * GET /v1/logs/:name — TailLog over HTTP: a thin adapter from the domain's
 * TailStream to an NDJSON, Server-Sent Events or plain text response (see
 * tail-formats.ts).
 * Errors found before streaming (bad query, unknown log, offset past the end)
 * are plain error responses; the stream is closed as soon as the client goes.
 */
import type { Request, Response } from 'express';
import type { LogTailer, TailStream } from '../../core/logs/log-tailer';
import { errorBody } from '../error-response';
import { writeWithBackpressure } from '../response-writer';
import type { ServingState } from '../serving-state';
import { tailFormatOf, type TailFormat } from '../tail-formats';
import { formatParameter, tailRequestOf } from '../tail-query';

export function logsRoute(tailer: LogTailer, state: ServingState) {
  return async (req: Request, res: Response): Promise<void> => {
    const request = tailRequestOf(req);
    const format = tailFormatOf(formatParameter(req), (types) => req.accepts(types));

    // The client may leave while the log is being opened: 'close' covers both.
    let gone = false;
    let stream: TailStream | undefined;
    const onClose = () => {
      gone = true;
      stream?.close();
    };
    res.once('close', onClose);
    try {
      stream = await tailer.open(request);
    } catch (err) {
      res.off('close', onClose);
      throw err; // before any byte was sent: the error handler answers
    }
    if (gone) return stream.close();

    const untrack = state.track(() => stream.close());
    try {
      res.status(200);
      res.setHeader('Content-Type', format.contentType);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('X-Accel-Buffering', 'no'); // proxies must not hold a follow back
      res.flushHeaders();
      if (req.method === 'HEAD') return void res.end();
      await pump(stream, format, res, () => gone);
      // A stream ended by shutdown is not complete: without "end" an SSE client reconnects and resumes.
      if (!gone && state.serving) res.write(format.end());
      res.end();
    } catch (err) {
      const failure = format.failure(errorBody(err));
      if (gone) return;
      if (failure === undefined) res.destroy(); // no in-band way to say it: an incomplete response says something failed
      else res.end(failure);
    } finally {
      res.off('close', onClose);
      untrack();
      stream.close();
    }
  };
}

async function pump(stream: TailStream, format: TailFormat, res: Response, gone: () => boolean): Promise<void> {
  for await (const item of stream) {
    if (gone()) return;
    const out = format.item(item);
    if (out.length > 0) await writeWithBackpressure(res, out);
  }
}
