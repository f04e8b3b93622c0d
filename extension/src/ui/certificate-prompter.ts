/**
 * The certificate dialogs, one at a time: the trust-on-first-use prompt (on
 * first contact with a certificate nothing vouches for, and from Trust
 * Certificate…) and the changed-certificate refusal. What calls for a dialog
 * is decided in model/certificate-alerts.ts; the words come from
 * model/certificate-messages.ts.
 */
import * as vscode from 'vscode';
import type { ServerCertificate } from '../../../client/connection/connection-security';
import { fetchServerCertificate } from '../../../client/connection/server-certificate';
import { ClientError } from '../../../client/errors/client-error';
import { CertificateAlerts, type CertificateAlert } from '../model/certificate-alerts';
import { changedWarning, SKIP_OTHERS_BUTTON, TRUST_BUTTON, trustPrompt } from '../model/certificate-messages';
import type { ClientPool } from '../model/client-pool';
import type { HostStore } from '../model/host-store';
import type { TrustStore } from '../model/trust-store';
import { settings } from './settings';

export interface PrompterDeps {
  store: HostStore;
  pool: ClientPool;
  trust: TrustStore;
  log: vscode.LogOutputChannel;
}

export class CertificatePrompter implements vscode.Disposable {
  private readonly alerts = new CertificateAlerts();
  private queue: CertificateAlert[] = [];
  private busy = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: PrompterDeps) {
    this.unsubscribe = deps.store.onDidChange((names) => {
      for (const name of names ?? deps.store.names()) {
        const alert = this.alerts.next(name, deps.store.snapshot(name), deps.pool.connection(name));
        if (alert) this.enqueue(alert);
      }
    });
  }

  /** The host's connection changed (trusted, forgotten, re-configured): its next trouble is told again. */
  reset(name: string): void {
    this.alerts.reset(name);
    this.queue = this.queue.filter((a) => a.name !== name);
  }

  /**
   * Reads the certificate the host presents now, shows it, and trusts it when
   * the engineer says so. Returns whether it was trusted.
   */
  async askTrust(name: string, othersWaiting = 0): Promise<boolean> {
    const host = this.deps.store.host(name);
    if (!host) return false;
    const certificate = await this.read(name, host.address);
    if (!certificate) return false;
    if (this.deps.trust.trusted(host.address)?.fingerprint === certificate.fingerprint) return true;
    const text = trustPrompt(name, host.address, certificate, new Date(), othersWaiting);
    const buttons = othersWaiting > 0 ? [TRUST_BUTTON, SKIP_OTHERS_BUTTON] : [TRUST_BUTTON];
    const answer = await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, ...buttons);
    if (answer === SKIP_OTHERS_BUTTON) {
      this.alerts.stopAsking();
      this.queue = this.queue.filter((a) => a.kind !== 'askTrust');
      this.deps.log.info('certificate prompts stopped for this session; Mobility: Trust Certificate… asks for one host');
    }
    if (answer !== TRUST_BUTTON) {
      this.deps.log.info(`${name}: the certificate ${certificate.fingerprint} of ${host.address} was not trusted`);
      return false;
    }
    const trustedAt = new Date().toISOString();
    await this.deps.trust.trust(host.address, { fingerprint: certificate.fingerprint, subject: certificate.subject, hostName: name, trustedAt });
    this.deps.log.info(`${name}: trusted the certificate ${certificate.fingerprint} (subject ${certificate.subject}) of ${host.address}`);
    return true;
  }

  /** The changed-certificate refusal, as a modal error (and in the log). */
  async warnChanged(name: string, presented?: string): Promise<void> {
    const host = this.deps.store.host(name);
    const pin = this.deps.pool.connection(name)?.pin;
    if (!host || !pin) return;
    const shown = presented ?? (await this.read(name, host.address, true))?.fingerprint;
    const text = changedWarning(name, host.address, shown, pin);
    this.deps.log.error(`${text.message} ${host.address} presented ${shown ?? 'an unreadable certificate'}; trusted: ${pin.fingerprint}. Refused.`);
    await vscode.window.showErrorMessage(text.message, { modal: true, detail: text.detail });
  }

  dispose(): void {
    this.unsubscribe();
    this.queue = [];
  }

  private enqueue(alert: CertificateAlert): void {
    this.queue.push(alert);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let alert = this.queue.shift(); alert; alert = this.queue.shift()) {
        const waiting = this.queue.filter((a) => a.kind === 'askTrust').length;
        if (alert.kind === 'askTrust') await this.askTrust(alert.name, waiting);
        else await this.warnChanged(alert.name, alert.presented);
      }
    } catch (err) {
      this.deps.log.error(`certificate dialog failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy = false;
    }
  }

  private async read(name: string, address: string, quiet = false): Promise<ServerCertificate | undefined> {
    try {
      return await fetchServerCertificate(address, settings.timeoutMs());
    } catch (err) {
      const text = `${name}: cannot read the certificate of ${address}: ${ClientError.from(err).rawMessage}`;
      this.deps.log.error(text);
      if (!quiet) void vscode.window.showErrorMessage(text);
      return undefined;
    }
  }
}
