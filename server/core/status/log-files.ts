/** The catalog's logs as they are on disk now: present or not, size, last write. */
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { LogFileInfoSchema, type LogFileInfo } from '../../../gen/mobility/v1/agent_control_pb';
import { statOrUndefined } from '../files/parsed-file-cache';
import type { LogCatalog } from '../logs/log-catalog';

export function readLogFiles(catalog: LogCatalog): LogFileInfo[] {
  return catalog.entries().map((entry) => {
    const stat = statOrUndefined(entry.path, `the ${entry.name} log`);
    // A folder at a log's path is not the log: report it absent, as a reader would find it.
    const present = stat?.isFile() ?? false;
    return create(LogFileInfoSchema, {
      name: entry.name,
      path: entry.path,
      description: entry.description,
      present,
      sizeBytes: present ? BigInt(stat!.size) : 0n,
      modifiedTime: present ? timestampFromDate(stat!.mtime) : undefined,
    });
  });
}
