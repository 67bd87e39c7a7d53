/**
 * The addresses a port is listening on, read from the kernel's socket tables (Linux
 * /proc/net/tcp and tcp6) rather than by connecting: the local-hygiene test must prove
 * that DynamoDB Local is unreachable from the network without sending traffic to the
 * machine's network addresses.
 */
import { readFileSync } from 'node:fs';

const LISTEN = '0A';

/** Decodes /proc/net's little-endian hex address ("0100007F" → "127.0.0.1", IPv6 in 4-byte words). */
export function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((pair) => Number.parseInt(pair, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const isV4Mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isV4Mapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

/** Local addresses with a listening TCP socket on `port`, from the tables given (default: the machine's). */
export function listeningAddresses(port: number, tables: readonly string[] = readProcTables()): string[] {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of tables) {
    for (const line of table.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== LISTEN) continue;
      const [address, localPort] = local.split(':');
      if (localPort === portHex && address) found.push(decodeProcAddress(address));
    }
  }
  return found;
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address.startsWith('::ffff:127.') || address === '0:0:0:0:0:0:0:1';
}

function readProcTables(): string[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  });
}
