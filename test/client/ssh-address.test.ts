/**
 * ssh://[user@]host[:port][/socket] as parseHostAddress takes it: normalised,
 * and every part checked strictly before it reaches ssh's argument list (no
 * option injection, no shell characters for the remote command line).
 */
import { strict as assert } from 'node:assert';
import { AddressError, parseHostAddress } from '../../client/connection/host-address';
import { parseSshAddress } from '../../client/connection/ssh-address';
import { sshInvocation } from '../../client/connection/ssh-options';
import { addressProblem } from '../../extension/src/model/validators';

describe('ssh:// host addresses', () => {
  it('are normalised: the default socket left out, user and port kept when given', () => {
    const cases: [string, string][] = [
      ['ssh://web-01', 'ssh://web-01'],
      ['  SSH://admin@web-01.example.com:2222  ', 'ssh://admin@web-01.example.com:2222'],
      ['ssh://web-01/run/mobilityd/mobilityd.sock', 'ssh://web-01'],
      ['ssh://web-01:22/srv/m/mobilityd.sock', 'ssh://web-01:22/srv/m/mobilityd.sock'],
      ['ssh://ops_user@10.0.0.4', 'ssh://ops_user@10.0.0.4'],
      ['ssh://[fd00::4]:2200', 'ssh://[fd00::4]:2200'],
    ];
    for (const [input, normalised] of cases) assert.equal(parseHostAddress(input), normalised, input);
  });

  it('split into what ssh is given', () => {
    assert.deepEqual(parseSshAddress('ssh://admin@[fd00::4]:2200/srv/m.sock'), { user: 'admin', host: 'fd00::4', port: 2200, socketPath: '/srv/m.sock' });
    assert.deepEqual(parseSshAddress('ssh://web-01'), { user: undefined, host: 'web-01', port: undefined, socketPath: '/run/mobilityd/mobilityd.sock' });
  });

  it('run ssh with an argument list: options before "--", the host after it, BatchMode on', () => {
    const target = parseSshAddress('ssh://admin@web-01:2222/srv/m.sock');
    assert.deepEqual(sshInvocation(target, { extraArgs: ['-i', '/keys/ops'] }), {
      command: 'ssh',
      args: ['-p', '2222', '-l', 'admin', '-i', '/keys/ops', '-o', 'BatchMode=yes', '-T', '--', 'web-01', 'mobilityd', 'dial-stdio', '--socket', '/srv/m.sock'],
    });
  });

  it('refuse what could be read as an ssh option or by a shell, saying how to write one', () => {
    const refused = [
      'ssh://-oProxyCommand=touch@x',
      'ssh://-oProxyCommand=x',
      'ssh://-l@web-01',
      'ssh://web-01;reboot',
      'ssh://we b@web-01',
      'ssh://$(id)@web-01',
      'ssh://web-01:0',
      'ssh://web-01:65536',
      'ssh://web-01:22x',
      'ssh://',
      'ssh://@web-01',
      'ssh://web-01/run/my sock',
      'ssh://web-01/run/$(reboot).sock',
      'ssh://web-01/run/../etc/shadow',
      'ssh://web-01/run/',
      'ssh://web-01?socket=/x',
      'ssh://[fd00::4',
      'ssh://[web-01]',
    ];
    for (const input of refused) {
      assert.throws(
        () => parseHostAddress(input),
        (err: AddressError) => err instanceof AddressError && /ssh:\/\/\[user@\]host\[:port\]/.test(err.rawMessage),
        input,
      );
    }
  });

  it('refuse a remote command with shell characters', () => {
    const target = parseSshAddress('ssh://web-01');
    assert.throws(() => sshInvocation(target, { remoteCommand: 'mobilityd; reboot' }), /MOBILITY_SSH_REMOTE_COMMAND/);
    assert.throws(() => sshInvocation(target, { remoteCommand: '-oProxyCommand=x' }), /MOBILITY_SSH_REMOTE_COMMAND/);
  });

  it("are good hosts for the extension's settings", () => {
    assert.equal(addressProblem('ssh://admin@web-01:2222'), undefined);
    assert.match(addressProblem('ssh://-x@web-01') ?? '', /^Host address/);
  });
});
