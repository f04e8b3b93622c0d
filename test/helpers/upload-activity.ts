/** Waiting on the repository's upload activity: event-driven, the daemon says when a chunk has landed. */
import type { UploadActivity } from '../../server/core/packages/upload-activity';

/** Resolves once the daemon has received and written `bytes` of the upload named `name`. */
export function untilReceived(activity: UploadActivity, name: string, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    const onProgress = (uploaded: string, received: number) => {
      if (uploaded !== name || received < bytes) return;
      activity.off('progress', onProgress);
      resolve();
    };
    activity.on('progress', onProgress);
  });
}

/** Every progress event of the upload named `name` from now on: the bytes the daemon received and wrote. */
export function progressOf(activity: UploadActivity, name: string): number[] {
  const seen: number[] = [];
  activity.on('progress', (uploaded, received) => uploaded === name && seen.push(received));
  return seen;
}
