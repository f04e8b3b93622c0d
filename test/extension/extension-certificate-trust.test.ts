/**
 * Trust on first use as the engineer meets it: certificates trusted per daemon
 * address and kept across sessions, each unknown certificate offered once, a
 * changed one refused loudly (SSH's words) and never offered for trust again
 * by itself, and dialogs that show everything needed to check a fingerprint.
 */
import { strict as assert } from 'node:assert';
import type { ServerCertificate } from '../../client/connection/connection-security';
import { CertificateAlerts } from '../../extension/src/model/certificate-alerts';
import { changedWarning, trustPrompt, validityText } from '../../extension/src/model/certificate-messages';
import type { HostConnection } from '../../extension/src/model/host-connection';
import type { HostSnapshot } from '../../extension/src/model/host-snapshot';
import { TRUST_STATE_KEY, TrustStore } from '../../extension/src/model/trust-store';
import { MemoryState } from '../helpers/extension-connections';

const FP_A = `sha256:${'a'.repeat(64)}`;
const FP_B = `sha256:${'b'.repeat(64)}`;
const ADDRESS = '10.0.0.4:50051';

function connection(over: Partial<HostConnection> = {}): HostConnection {
  return { name: 'web-01', address: ADDRESS, security: { tls: true }, trustOnFirstUse: true, key: 'k1', ...over };
}

const untrusted = (presented = FP_A): HostSnapshot => ({ kind: 'untrusted', message: 'self-signed', presented, observedAt: 0 });
const changed = (presented = FP_B): HostSnapshot => ({ kind: 'certificateChanged', message: 'changed', presented, pinned: FP_A, observedAt: 0 });
const fine: HostSnapshot = { kind: 'ok', status: {} as never, jobs: [], observedAt: 0 };

describe('extension: trusted certificates', () => {
  it('are kept per daemon address, in a form that survives a restart, and forgotten on request', async () => {
    const state = new MemoryState();
    const store = new TrustStore(state);
    const changes: string[] = [];
    store.onDidChange((address) => changes.push(address));
    assert.equal(store.trusted(ADDRESS), undefined);
    await store.trust(ADDRESS, { fingerprint: FP_A.toUpperCase().replace('SHA256', 'sha256'), subject: 'web-01', hostName: 'web-01', trustedAt: '2025-01-01T00:00:00.000Z' });
    assert.equal(store.trusted(ADDRESS)?.fingerprint, FP_A, 'kept in the one normal form');
    assert.equal(new TrustStore(state).trusted(ADDRESS)?.subject, 'web-01', 'a new session sees it');
    assert.equal(store.trusted('10.0.0.5:50051'), undefined, 'another address trusts nothing');
    assert.equal(await store.forget(ADDRESS), true);
    assert.equal(await store.forget(ADDRESS), false);
    assert.equal(store.trusted(ADDRESS), undefined);
    assert.deepEqual(changes, [ADDRESS, ADDRESS]);
  });

  it('ignore what is not a trusted certificate in the stored state, and refuse to trust what is no fingerprint', async () => {
    const state = new MemoryState();
    await state.update(TRUST_STATE_KEY, { [ADDRESS]: { fingerprint: 'md5:xyz' }, other: 'junk' });
    const store = new TrustStore(state);
    assert.equal(store.trusted(ADDRESS), undefined);
    await assert.rejects(store.trust(ADDRESS, { fingerprint: 'sha256:12', subject: '', hostName: 'x', trustedAt: '' }), /is not a sha256 fingerprint/);
  });
});

describe('extension: when a certificate needs the engineer', () => {
  it('an unknown certificate on a trust-on-first-use host is offered once, and again once it presents another', () => {
    const alerts = new CertificateAlerts();
    assert.deepEqual(alerts.next('web-01', untrusted(), connection()), { kind: 'askTrust', name: 'web-01', address: ADDRESS, presented: FP_A });
    assert.equal(alerts.next('web-01', untrusted(), connection()), undefined, 'not at every refresh');
    assert.equal(alerts.next('web-01', { kind: 'unreachable', reason: 'refused', observedAt: 0, timedOut: false }, connection()), undefined);
    assert.equal(alerts.next('web-01', untrusted(), connection()), undefined, 'not after the host was away a while');
    assert.equal(alerts.next('web-01', untrusted(FP_B), connection())?.kind, 'askTrust', 'another certificate is news');
    alerts.reset('web-01');
    assert.equal(alerts.next('web-01', untrusted(FP_B), connection())?.kind, 'askTrust', 'and after its connection changed');
  });

  it('hosts that trust only a CA or a fingerprint are never offered a certificate', () => {
    const alerts = new CertificateAlerts();
    assert.equal(alerts.next('web-01', untrusted(), connection({ trustOnFirstUse: false })), undefined);
    assert.equal(alerts.next('web-01', untrusted(), connection({ pin: { fingerprint: FP_B, source: 'trusted' } })), undefined);
    assert.equal(alerts.next('web-01', untrusted(), undefined), undefined);
  });

  it('"ask no more" stops the offers, never the changed-certificate warnings', () => {
    const alerts = new CertificateAlerts();
    alerts.stopAsking();
    assert.equal(alerts.next('web-01', untrusted(), connection()), undefined);
    const pinned = connection({ pin: { fingerprint: FP_A, source: 'trusted' } });
    assert.equal(alerts.next('web-02', changed(), { ...pinned, name: 'web-02' })?.kind, 'changed');
  });

  it('a changed certificate is told once per certificate, and again after the host was fine in between', () => {
    const alerts = new CertificateAlerts();
    const pinned = connection({ pin: { fingerprint: FP_A, source: 'trusted' } });
    const first = alerts.next('web-01', changed(), pinned);
    assert.equal(first?.kind, 'changed');
    assert.equal(first?.presented, FP_B);
    assert.equal(alerts.next('web-01', changed(), pinned), undefined);
    assert.equal(alerts.next('web-01', fine, pinned), undefined);
    assert.equal(alerts.next('web-01', changed(), pinned)?.kind, 'changed');
  });
});

describe('extension: the certificate dialogs', () => {
  const certificate: ServerCertificate = {
    fingerprint: FP_A,
    subject: 'web-01.example.com',
    issuer: 'web-01.example.com',
    subjectAltNames: ['DNS:web-01.example.com', 'IP Address:10.0.0.4'],
    validFrom: new Date('2025-01-01T00:00:00Z'),
    validTo: new Date('2027-04-05T00:00:00Z'),
    selfSigned: true,
    pem: '-----BEGIN CERTIFICATE-----\n...',
  };
  const now = new Date('2026-01-01T00:00:00Z');

  it('the trust prompt shows the whole fingerprint, the names, the dates and how to check it', () => {
    const { message, detail } = trustPrompt('web-01', ADDRESS, certificate, now);
    assert.equal(message, 'Trust the certificate of web-01?');
    assert.match(detail, /^mobilityd at 10\.0\.0\.4:50051 presents a self-signed certificate\.$/m);
    assert.match(detail, new RegExp(`^Fingerprint: ${FP_A}$`, 'm'));
    assert.match(detail, /^Subject: web-01\.example\.com$/m);
    assert.match(detail, /^Issuer: web-01\.example\.com \(self-signed\)$/m);
    assert.match(detail, /^Names: DNS:web-01\.example\.com, IP Address:10\.0\.0\.4$/m);
    assert.match(detail, /^Valid: 2025-01-01T00:00:00Z to 2027-04-05T00:00:00Z$/m);
    assert.match(detail, /mobilityd tls init/);
    assert.match(detail, /Forget Trusted Certificate/);
    assert.match(trustPrompt('web-01', ADDRESS, certificate, now, 2).detail, /2 more hosts with a certificate not trusted yet/);
    assert.match(trustPrompt('web-01', ADDRESS, { ...certificate, selfSigned: false, issuer: 'Corp CA' }, now).detail, /signed by "Corp CA", which no trusted CA vouches for/);
  });

  it('an expired or not yet valid certificate says so', () => {
    assert.match(validityText(certificate, new Date('2028-01-01T00:00:00Z')), / — EXPIRED$/);
    assert.match(validityText(certificate, new Date('2024-01-01T00:00:00Z')), /NOT YET VALID/);
  });

  it('a changed certificate is refused in words that stand out, naming both fingerprints and the way out', () => {
    const trusted = { fingerprint: FP_A, subject: 'web-01', hostName: 'web-01', trustedAt: '2025-06-01T10:00:00.000Z' };
    const { message, detail } = changedWarning('web-01', ADDRESS, FP_B, { fingerprint: FP_A, source: 'trusted', trusted });
    assert.equal(message, 'WARNING: THE CERTIFICATE OF HOST web-01 HAS CHANGED!');
    assert.match(detail, /IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!/);
    assert.match(detail, new RegExp(`^Presented: ${FP_B}$`, 'm'));
    assert.match(detail, new RegExp(`^Trusted: +${FP_A} \\(trusted 2025-06-01T10:00:00Z, subject web-01\\)$`, 'm'));
    assert.match(detail, /refuses to talk to web-01/);
    assert.match(detail, /run Mobility: Forget Trusted Certificate on web-01/);
    const inSettings = changedWarning('web-01', ADDRESS, undefined, { fingerprint: FP_A, source: 'settings' }).detail;
    assert.match(inSettings, /^Presented: unknown/m);
    assert.match(inSettings, /put the new fingerprint in "tls\.fingerprint" of web-01/);
  });
});
