/**
 * The kernel page size, to turn /proc/<pid>/statm pages into bytes. Asked once
 * (`getconf PAGESIZE`), since it cannot change while the machine runs; 4096
 * when getconf is missing or says something unexpected.
 */
import { execFile } from 'node:child_process';

export const DEFAULT_PAGE_SIZE = 4096;

let pageSize: Promise<number> | undefined;

export function getPageSize(): Promise<number> {
  return (pageSize ??= new Promise((resolve) => {
    execFile('getconf', ['PAGESIZE'], { timeout: 5000 }, (err, stdout) => {
      const value = Number.parseInt(String(stdout ?? '').trim(), 10);
      resolve(!err && Number.isInteger(value) && value > 0 ? value : DEFAULT_PAGE_SIZE);
    });
  }));
}
