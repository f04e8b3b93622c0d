/** An in-memory RegistryReader, so Windows rules are tested on any machine. */
import type { RegistryReader } from '../../server/core/os/windows-os';

/** { key: { valueName: data } }; key and value names compare case-insensitively, as in the registry. */
export function memoryRegistry(keys: Record<string, Record<string, string>>): RegistryReader {
  const find = (key: string) => Object.entries(keys).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  return {
    async getValue(key, name) {
      const values = find(key);
      return values && Object.entries(values).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    },
    async keyExists(key) {
      return find(key) !== undefined;
    },
  };
}
