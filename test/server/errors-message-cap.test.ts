/**
 * Finding 6, the last resort: whatever message a code path forgets to cut, the
 * gRPC status and the REST error body carry at most 1 KiB of it, and a cut
 * value never splits a character. (Every request field: errors-echo-bounds.test.ts.)
 */
import { strict as assert } from 'node:assert';
import { quoteValue } from '../../contract/quote-value';
import { AppError } from '../../server/core/errors/app-error';
import { toServiceError } from '../../server/grpc/status-mapping';
import { errorBody } from '../../server/rest/error-response';

const GRPC_SIZE = 1024 * 1024;
/** No message may be longer than this. */
const MESSAGE_BOUND = 1024;

describe('finding 6: errors never echo unbounded input', () => {
  describe('the last-resort cap on a whole message, whatever a message forgets to cut', () => {
    const huge = new AppError('not_found', `there is no thing named ${'y'.repeat(GRPC_SIZE)}`);

    it('finding 6: a gRPC status carries at most 1 KiB of message', () => {
      const details = toServiceError(huge).details ?? '';
      assert.equal(details.length, MESSAGE_BOUND);
      assert.ok(details.startsWith('there is no thing named yyy') && details.endsWith('…'));
      assert.ok((toServiceError(new Error('z'.repeat(GRPC_SIZE))).details ?? '').length <= MESSAGE_BOUND);
    });

    it('finding 6: a REST error body carries at most 1 KiB of message', () => {
      assert.equal(errorBody(huge).message.length, MESSAGE_BOUND);
      assert.ok(errorBody(new Error('z'.repeat(GRPC_SIZE))).message.length <= MESSAGE_BOUND);
    });

    it('finding 6: a cut never splits a character in two', () => {
      const quoted = quoteValue(`${'a'.repeat(99)}😀${'b'.repeat(10)}`);
      assert.equal(quoted, JSON.stringify(`${'a'.repeat(99)}…`));
      assert.equal(quoteValue('short "one"'), JSON.stringify('short "one"'));
    });
  });
});
