import { existsSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { decodeProcAddress, isLoopback, listeningAddresses } from './listening-addresses';

// Sample rows in the kernel's format: 127.0.0.1:8000, 0.0.0.0:8000 and [::]:8000, all listening,
// plus an established connection on the same port (state 01) that is not a listener.
const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1',
  '   1: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1',
  '   2: 0100007F:1F40 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 3 1',
].join('\n');
const TCP6 = [
  '  sl  local_address                         remote_address                        st',
  '   0: 00000000000000000000000000000000:1F40 00000000000000000000000000000000:0000 0A',
  '   1: 0000000000000000FFFF00000100007F:1F40 00000000000000000000000000000000:0000 0A',
  '   2: 00000000000000000000000001000000:1F40 00000000000000000000000000000000:0000 0A',
].join('\n');

describe('listening addresses from /proc/net', () => {
  it('decodes IPv4, v4-mapped IPv6 and IPv6 addresses', () => {
    expect(decodeProcAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000')).toBe('0.0.0.0');
    expect(decodeProcAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000001000000')).toBe('0:0:0:0:0:0:0:1');
    expect(decodeProcAddress('00000000000000000000000000000000')).toBe('0:0:0:0:0:0:0:0');
  });

  it('lists only listening sockets on the port asked for', () => {
    expect(listeningAddresses(8000, [TCP, TCP6])).toEqual([
      '127.0.0.1',
      '0.0.0.0',
      '0:0:0:0:0:0:0:0',
      '::ffff:127.0.0.1',
      '0:0:0:0:0:0:0:1',
    ]);
    expect(listeningAddresses(8001, [TCP, TCP6])).toEqual([]);
  });

  it('tells loopback from every-interface addresses', () => {
    expect(['127.0.0.1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '0:0:0:0:0:0:0:0', '10.0.0.5', '::ffff:10.0.0.5'].some(isLoopback)).toBe(false);
  });
});

// Linux only: elsewhere there is no /proc/net to read without connecting to the network addresses.
// The run's DynamoDB Local (vitest-global-setup.ts) is started by startDynamoDbLocal() with its
// defaults, as `npm start` starts one: checking it spares a second Java start per run.
describe.runIf(existsSync('/proc/net/tcp'))('DynamoDB Local', () => {
  it('listens on loopback only, so nothing on the network can reach the local data', () => {
    const addresses = listeningAddresses(Number(new URL(inject('dynamoDbEndpoint')).port));
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.filter((address) => !isLoopback(address))).toEqual([]);
  });
});
