/**
 * Mobility: Trust Certificate… — shows the certificate a TLS host presents
 * (fingerprint, names, dates) and trusts it when asked, for a host whose
 * settings leave trust to the engineer ("tls": true). A certificate that
 * replaced a trusted one is refused here too: Forget Trusted Certificate first.
 */
import * as vscode from 'vscode';
import { fetchServerCertificate } from '../../../../client/connection/server-certificate';
import { ClientError } from '../../../../client/errors/client-error';
import type { MobilityCommand } from '../../services';
import { resolveHost } from '../../ui/pick-host';
import { settings } from '../../ui/settings';

export const trustCertificateCommand: MobilityCommand = {
  id: 'mobility.trustCertificate',
  async run(s, arg) {
    const host = await resolveHost(s, arg, 'Trust Certificate');
    if (!host) return;
    const info = (text: string) => void vscode.window.showInformationMessage(`${host.name}: ${text}`);
    if (!host.tls) return info('it is reached over plain gRPC, without TLS: add "tls": true to its entry in mobility.hosts to use TLS.');
    if (host.tls.ca) return info(`it trusts only certificates signed by a CA in "tls.ca" (${host.tls.ca}); nothing to trust here.`);
    if (host.tls.fingerprint) return info(`it trusts only the certificate in "tls.fingerprint" (${host.tls.fingerprint}); change that setting to trust another.`);
    const trusted = s.trust.trusted(host.address);
    if (trusted) {
      let presented: string;
      try {
        presented = (await fetchServerCertificate(host.address, settings.timeoutMs())).fingerprint;
      } catch (err) {
        return void vscode.window.showErrorMessage(`${host.name}: cannot read the certificate of ${host.address}: ${ClientError.from(err).rawMessage}`);
      }
      if (presented === trusted.fingerprint) return info(`its certificate ${presented} is trusted already.`);
      return s.certificates.warnChanged(host.name, presented);
    }
    if (await s.certificates.askTrust(host.name)) {
      await s.reload();
      await s.scheduler.refresh([host.name], true);
    }
  },
};
