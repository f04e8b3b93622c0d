/**
 * A configuration server is one machine: cs_endpoint must be a unicast IP
 * address. Unspecified, broadcast, multicast and reserved addresses (and their
 * IPv4-mapped IPv6 forms) are refused with the reason, over real gRPC, before
 * anything looks at the host.
 */
import { status } from '@grpc/grpc-js';
import { strict as assert } from 'node:assert';
import { expectGrpcError } from '../helpers/grpc-errors';
import { useTestDaemon } from '../helpers/test-daemon';

const literal = { case: 'passphrase' as const, value: 'any-passphrase' };

describe('finding 8: addresses that are no configuration server', function () {
  this.timeout(30_000);
  // Registered before the daemon's own after hook, so it runs while the daemon is still up.
  after(async () => {
    assert.equal((await daemon().client.listJobs()).jobs.length, 0, 'no request created a job');
  });
  const daemon = useTestDaemon({ shared: true });

  const refused: Array<[string, RegExp]> = [
    ['255.255.255.255', /is refused: it is the broadcast address 255\.255\.255\.255, which reaches every host on the network/],
    ['224.0.0.1', /is refused: it is a multicast address \(224\.0\.0\.0\/4\)/],
    ['239.255.255.250', /is refused: it is a multicast address \(224\.0\.0\.0\/4\)/],
    ['ff02::1', /is refused: it is a multicast address \(ff00::\/8\)/],
    ['FF05::1:3', /is refused: it is a multicast address \(ff00::\/8\)/],
    ['::ffff:0:0', /is refused: it is the IPv4-mapped form of 0\.0\.0\.0, the unspecified address/],
    ['::ffff:0.0.0.0', /is refused: it is the IPv4-mapped form of 0\.0\.0\.0, the unspecified address/],
    ['::ffff:255.255.255.255', /is refused: it is the IPv4-mapped form of 255\.255\.255\.255, the broadcast address/],
    ['::ffff:224.0.0.1', /is refused: it is the IPv4-mapped form of 224\.0\.0\.1, a multicast address \(224\.0\.0\.0\/4\)/],
    ['0:0:0:0:0:ffff:e000:1', /is refused: it is the IPv4-mapped form of 224\.0\.0\.1, a multicast address/],
    ['0.0.0.0', /is refused: it is the unspecified address 0\.0\.0\.0, which names no host/],
    ['0.1.2.3', /is refused: it is in 0\.0\.0\.0\/8 \("this network"\), which is never a destination/],
    ['::', /is refused: it is the unspecified address ::, which names no host/],
    ['0:0:0:0:0:0:0:0', /is refused: it is the unspecified address ::, which names no host/],
    ['240.0.0.1', /is refused: it is in the reserved block 240\.0\.0\.0\/4, which is not used for hosts/],
  ];
  for (const [address, reason] of refused) {
    it(`refuses ${address} with the reason`, async () => {
      const err = await expectGrpcError(
        daemon().client.register({ registration: { csEndpoint: address, passphraseSource: literal } }),
        status.INVALID_ARGUMENT,
        reason,
      );
      assert.match(err.rawMessage, /^cs_endpoint ".+" is refused: /);
      assert.match(err.rawMessage, /give the configuration server's own \(unicast\) IP address/);
    });
  }

  // Accepted by the field checks: the request gets as far as the host, which has no agent.
  const accepted = ['10.0.0.5', '192.168.1.255', '127.0.0.1', 'fd00::10', '2001:db8::1', '::ffff:10.0.0.5', 'fe80::1'];
  for (const address of accepted) {
    it(`accepts the unicast address ${address}`, async () => {
      await expectGrpcError(
        daemon().client.register({ registration: { csEndpoint: address, passphraseSource: literal } }),
        status.FAILED_PRECONDITION,
        /^the Mobility service agent is not installed on this host/,
      );
    });
  }
});
