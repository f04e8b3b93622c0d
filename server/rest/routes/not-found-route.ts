/** Any other method or path: 404 naming the routes that exist. */
import type { Request, Response } from 'express';
import { sendError } from '../error-response';
import { notFound } from '../../core/errors/app-error';
import { cutValue } from '../../../contract/quote-value';

export function notFoundRoute(routes: readonly string[]) {
  const list = routes.join(', ');
  return (req: Request, res: Response): void => {
    // The path is the client's (percent-encoded, so unquoted): cut short.
    sendError(res, notFound(`there is no route ${req.method} ${cutValue(req.path)}; mobilityd's REST API has: ${list}`));
  };
}
