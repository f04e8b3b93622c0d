/**
 * Realistic Mobility service installer log lines (~100 bytes each), and a fast
 * generator for a large ASRUnifiedAgentInstaller.log.
 */
import * as fs from 'node:fs';

const LEVELS = ['INFO ', 'INFO ', 'INFO ', 'INFO ', 'DEBUG', 'DEBUG', 'WARN ', 'ERROR'];
const COMPONENTS = ['install', 'prereq', 'vxagent', 'svagent', 'involflt', 'config', 'dpkg', 'service'];
const MESSAGES: ((i: number) => string)[] = [
  (i) => `Copying /tmp/ASR/Vx/bin/${['vxagent', 's2', 'dataprotection', 'cdpcli'][i % 4]} to /usr/local/ASR/Vx/bin`,
  (i) => `Running command: dpkg -i /tmp/ASR/pkgs/asr-vxagent_9.56.${i % 10}.0_amd64.deb`,
  (i) => `Free space on /usr/local: ${18000 + (i % 5000)} MB, required 2048 MB: OK`,
  () => `OS detected: UBUNTU-20.04-64 (kernel 5.4.0-150-generic, x86_64)`,
  (i) => `Return code of the command: ${i % 97 === 0 ? 1 : 0}`,
  (i) => `Checking prerequisite ${['memory', 'disk space', 'kernel', 'selinux', 'lvm2'][i % 5]}: passed`,
  () => `Loading the driver module involflt for kernel 5.4.0-150-generic`,
  (i) => `Writing /usr/local/.vx_version (VERSION=9.56.${i % 10}.0, ROLE=MS, PLATFORM=VmWare)`,
  (i) => `Service svagent state: ${['starting', 'running', 'stopped'][i % 3]}, pid ${3000 + (i % 20000)}`,
  () => `Updating /etc/vxagent/usr/drscout.conf with the install location /usr/local/ASR`,
];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** "2024-05-02 10:15:23.456" for a millisecond offset from a fixed day. */
function stamp(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `2024-05-02 ${pad(Math.floor(s / 3600) % 24, 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad(ms % 1000, 3)}`;
}

/** Line i of a synthetic installer log, ending in "\n". */
export function installerLine(i: number): string {
  const level = LEVELS[i % LEVELS.length];
  const component = COMPONENTS[(i >> 3) % COMPONENTS.length];
  const message = MESSAGES[(i * 7) % MESSAGES.length](i);
  return `${stamp(i * 3)} [${pad(4000 + (i % 900), 5)}] ${level} ${component}: ${message}\n`;
}

/** Writes whole lines until the file holds at least `bytes`; returns its size and line count. */
export function generateInstallerLog(file: string, bytes: number): { bytes: number; lines: number } {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let lines = 0;
  try {
    while (written < bytes) {
      const parts: string[] = [];
      let blockChars = 0;
      while (blockChars < 4 * 1024 * 1024 && written + blockChars < bytes) {
        const line = installerLine(lines++);
        parts.push(line);
        blockChars += line.length; // ASCII: chars == bytes
      }
      const block = Buffer.from(parts.join(''), 'latin1');
      fs.writeSync(fd, block);
      written += block.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes: written, lines };
}

/** Newlines in a buffer. */
export function countNewlines(data: Uint8Array): number {
  let n = 0;
  let i = -1;
  while ((i = data.indexOf(0x0a, i + 1)) !== -1) n++;
  return n;
}
