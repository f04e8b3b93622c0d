/**
 * What a Windows installer package must be: a PE executable. Its DOS header
 * starts with "MZ" and holds, at offset 0x3C, e_lfanew: the offset of the PE
 * header, which starts with the signature "PE\0\0". The installer is a
 * self-extracting executable (`<exe> /q /x:<folder>`), so this is what every
 * real one is; anything else would fail at its first step in a job.
 */
import * as fs from 'node:fs';

const DOS_HEADER_BYTES = 64;
const E_LFANEW_OFFSET = 0x3c;
const PE_SIGNATURE = Buffer.from('PE\0\0', 'latin1');

/** Why the file is not a PE executable, or undefined when it is one. */
export async function windowsPackageProblem(file: string): Promise<string | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const dos = await readAt(handle, 0, DOS_HEADER_BYTES);
    if (dos.length < 2 || dos.toString('latin1', 0, 2) !== 'MZ') return 'it is not a PE executable: it does not start with "MZ"';
    if (dos.length < DOS_HEADER_BYTES) return `it is not a PE executable: it is shorter than a DOS header (${DOS_HEADER_BYTES} bytes)`;
    const peOffset = dos.readUInt32LE(E_LFANEW_OFFSET);
    if (peOffset + PE_SIGNATURE.length > size) {
      return `it is not a PE executable: the DOS header points at a PE header at offset ${peOffset}, past the end of the file (${size} bytes)`;
    }
    const signature = await readAt(handle, peOffset, PE_SIGNATURE.length);
    if (!signature.equals(PE_SIGNATURE)) {
      return `it is not a PE executable: there is no "PE\\0\\0" signature at offset ${peOffset}, where the DOS header points`;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

async function readAt(handle: fs.promises.FileHandle, position: number, bytes: number): Promise<Buffer> {
  const buffer = Buffer.alloc(bytes);
  const { bytesRead } = await handle.read(buffer, 0, bytes, position);
  return buffer.subarray(0, bytesRead);
}
