/**
 * Mobility: Forget Trusted Certificate — after a certificate was renewed on
 * purpose: forgets the one trusted for the host's address (after a
 * confirmation), so that the next contact shows the new one and asks again.
 */
import * as vscode from 'vscode';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';

export const forgetCertificateCommand: MobilityCommand = {
  id: 'mobility.forgetCertificate',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Forget Trusted Certificate');
    if (!host) return;
    if (host.tls?.fingerprint) {
      void vscode.window.showInformationMessage(`${host.name}: its certificate is pinned by "tls.fingerprint" in mobility.hosts; change or remove that setting instead.`);
      return;
    }
    const trusted = s.trust.trusted(host.address);
    if (!trusted) {
      void vscode.window.showInformationMessage(`${host.name}: no certificate is trusted for ${host.address}.`);
      return;
    }
    const forget = 'Forget';
    const answer = await vscode.window.showWarningMessage(
      `Forget the certificate trusted for ${host.name}?`,
      {
        modal: true,
        detail:
          `${trusted.fingerprint} (subject ${trusted.subject}), trusted ${trusted.trustedAt} for ${host.address}.\n\n` +
          'The next contact shows the certificate the daemon presents then, and asks whether to trust it: compare its fingerprint with the one printed on the host.',
      },
      forget,
    );
    if (answer !== forget) return;
    await s.trust.forget(host.address);
    s.log.info(`${host.name}: forgot the certificate ${trusted.fingerprint} trusted for ${host.address}`);
    await s.reload();
    await s.scheduler.refresh([host.name], true);
  },
};
