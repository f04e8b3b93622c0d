/** GET /v1/status — GetStatus as the protobuf JSON of GetStatusResponse. */
import { toJson } from '@bufbuild/protobuf';
import type { Request, Response } from 'express';
import { GetStatusResponseSchema } from '../../../gen/mobility/v1/agent_control_pb';
import { readHostStatus, type StatusContext } from '../../core/status/host-status';

export function statusRoute(ctx: StatusContext) {
  return async (_req: Request, res: Response): Promise<void> => {
    const status = await readHostStatus(ctx);
    res.setHeader('Cache-Control', 'no-store'); // read from the host at call time
    res.json(toJson(GetStatusResponseSchema, status));
  };
}
