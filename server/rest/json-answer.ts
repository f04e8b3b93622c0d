/**
 * Every JSON answer that may come before the request's body was read (errors,
 * an upload's verdict): as express's res.json, except that a body still
 * arriving is read and discarded before the connection closes (unread-body.ts).
 */
import type { Response } from 'express';
import { noteErrorCode } from './answered-code';
import { answerBeforeBody, bodyStillArriving } from './unread-body';

export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  if (status >= 400) noteErrorCode(res, (body as { code?: unknown } | undefined)?.code);
  if (!bodyStillArriving(res.req)) {
    res.json(body);
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  answerBeforeBody(res.req, res, JSON.stringify(body));
}
