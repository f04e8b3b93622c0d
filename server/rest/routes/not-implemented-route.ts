/**
 * The job and package operations the next milestone implements: 501 with the
 * same message gRPC gives for the method (UNIMPLEMENTED).
 */
import type { Request, Response } from 'express';
import { AgentControl } from '../../../gen/mobility/v1/agent_control_pb';
import { AppError } from '../../core/errors/app-error';
import { sendError } from '../error-response';

/** `method` is the AgentControl method's local name, e.g. "listJobs". */
export function notImplementedRoute(method: keyof typeof AgentControl.method) {
  const name = AgentControl.method[method].name;
  return (req: Request, res: Response): void => {
    sendError(res, new AppError('unimplemented', `${name} (${req.method} ${req.path}) is not implemented in this version of mobilityd`));
  };
}
