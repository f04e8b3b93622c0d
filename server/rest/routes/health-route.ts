/** GET /healthz — the REST server's health, with grpc.health.v1's status names. */
import type { Request, Response } from 'express';
import type { ServingState } from '../serving-state';

export function healthRoute(state: ServingState) {
  return (_req: Request, res: Response): void => {
    res.setHeader('Cache-Control', 'no-store');
    if (state.serving) res.status(200).json({ status: 'SERVING' });
    else res.status(503).json({ status: 'NOT_SERVING' });
  };
}
