/**
 * The audit log: one JSON object a line, keys in a fixed order, file 0600,
 * rotated by size to one .1 generation, and nothing a caller sends can forge a
 * line, hide text or put a credential into it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog, type AuditEntry } from '../../server/core/audit/audit-log';
import { MAX_FIELD_CHARS } from '../../server/core/audit/audit-sanitise';

const TOKEN = `mobility_${'Ab3_-x'.repeat(6)}`; // the shape of a bearer token mobilityd makes
const FIXED_TIME = new Date('2024-05-01T10:20:30.456Z');

type Recorded = Omit<AuditEntry, 'time'>;
const entry = (fields: Partial<Recorded> = {}): Recorded => ({
  principal: 'alice',
  peer: '127.0.0.1:53210',
  transport: 'grpc',
  method: 'Install',
  code: 'ok',
  ...fields,
});

describe('audit log', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-audit-'));
    file = path.join(dir, 'audit.log');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = (maxBytes = 1024 * 1024, onError?: (err: Error) => void) => new AuditLog(file, { maxBytes, now: () => FIXED_TIME, onError });
  const linesOf = (name = file) => fs.readFileSync(name, 'utf8').split('\n').slice(0, -1);
  const recordsOf = (name = file) => linesOf(name).map((line) => JSON.parse(line) as Record<string, string>);

  it('writes one JSON object a line, keys in a fixed order, the time in UTC, optional fields only when given', () => {
    const log = open();
    log.record(entry({ target: 'job-7', code: 'permission_denied', detail: 'needs operator', principal: 'bob', transport: 'rest' }));
    log.record(entry());
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(
      text,
      '{"time":"2024-05-01T10:20:30.456Z","principal":"bob","peer":"127.0.0.1:53210","transport":"rest","method":"Install","target":"job-7","code":"permission_denied","detail":"needs operator"}\n' +
        '{"time":"2024-05-01T10:20:30.456Z","principal":"alice","peer":"127.0.0.1:53210","transport":"grpc","method":"Install","code":"ok"}\n',
    );
  });

  it('creates the file readable by its owner only (0600), and narrows one made by hand', () => {
    const log = open();
    log.record(entry());
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    fs.chmodSync(file, 0o644);
    log.record(entry());
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(linesOf().length, 2);
  });

  it('rotates to audit.log.1 when a line would pass maxBytes, keeping one generation of whole lines in order', () => {
    const maxBytes = 4096;
    const log = open(maxBytes);
    const targets = Array.from({ length: 200 }, (_, i) => `job-${i}`);
    for (const target of targets) log.record(entry({ target }));
    assert.ok(fs.statSync(file).size <= maxBytes);
    assert.ok(fs.statSync(`${file}.1`).size <= maxBytes);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['audit.log', 'audit.log.1'], 'one generation, no .2');
    // The two files hold the newest lines, whole, in the order they were recorded.
    const kept = [...recordsOf(`${file}.1`), ...recordsOf()].map((r) => r.target);
    assert.ok(kept.length > 20);
    assert.deepEqual(kept, targets.slice(-kept.length));
    assert.equal(fs.statSync(`${file}.1`).mode & 0o777, 0o600);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  it('keeps a forged line out: a newline in a package name stays inside its field', () => {
    const log = open();
    const forged = `evil.tar.gz\n{"time":"2024-01-01T00:00:00.000Z","principal":"admin","peer":"unix","transport":"grpc","method":"Install","code":"ok"}`;
    log.record(entry({ method: 'UploadPackage', target: forged }));
    log.record(entry({ target: 'a\r\nb\u2028c\u2029d' }));
    const lines = linesOf();
    assert.equal(lines.length, 2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, string>);
    assert.equal(first.principal, 'alice');
    assert.ok(first.target.startsWith('evil.tar.gz\uFFFD{'));
    assert.doesNotMatch(first.target + second.target, /[\r\n\u2028\u2029]/);
    assert.equal(second.target, 'a\uFFFD\uFFFDb\uFFFDc\uFFFDd');
  });

  it('strips control characters and bidirectional overrides from every field', () => {
    const log = open();
    log.record(entry({ principal: 'ali\u0007ce\u001b[31m', peer: '10.0.0.1:1\u0000', detail: 'ok\u202Egnp.exe\u2066x\u2069', method: 'Ins\u007ftall\u0085' }));
    const [record] = recordsOf();
    assert.equal(record.principal, 'ali\uFFFDce\uFFFD[31m');
    assert.equal(record.peer, '10.0.0.1:1\uFFFD');
    assert.equal(record.detail, 'ok\uFFFDgnp.exe\uFFFDx\uFFFD');
    assert.equal(record.method, 'Ins\uFFFDtall\uFFFD');
  });

  it(`caps every field at ${MAX_FIELD_CHARS} characters, never splitting a character`, () => {
    const log = open();
    log.record(entry({ target: 'p'.repeat(5000), detail: '\u{1F600}'.repeat(300), principal: 'x'.repeat(MAX_FIELD_CHARS) }));
    const [record] = recordsOf();
    assert.equal(record.target, `${'p'.repeat(MAX_FIELD_CHARS)}…`);
    assert.equal(record.detail, `${'\u{1F600}'.repeat(MAX_FIELD_CHARS)}…`);
    assert.equal(record.principal, 'x'.repeat(MAX_FIELD_CHARS), 'a field at the cap is kept whole');
  });

  it('writes [redacted] for any field that looks like a bearer token or a private key, and never the secret', () => {
    const log = open();
    log.record(entry({ target: TOKEN }));
    log.record(entry({ principal: `token ${TOKEN} of bob` }));
    log.record(entry({ detail: `Authorization: Bearer ${'z'.repeat(12)}` }));
    log.record(entry({ detail: `bearer ${'q9'.repeat(8)}` }));
    log.record(entry({ target: `${TOKEN.slice(0, 20)}\n${TOKEN.slice(20)}` }));
    log.record(entry({ target: `${'a'.repeat(190)}${TOKEN}` }));
    log.record(entry({ detail: '-----BEGIN PRIVATE KEY-----\nMIIEvQ...' }));
    log.record(entry({ detail: 'no bearer token', target: 'mobility_short' }));
    const records = recordsOf();
    const fields = [records[0].target, records[1].principal, records[2].detail, records[3].detail, records[4].target, records[5].target, records[6].detail];
    assert.deepEqual(fields, Array(7).fill('[redacted]'));
    assert.equal(records[7].detail, 'no bearer token', 'prose about tokens stays');
    assert.equal(records[7].target, 'mobility_short', 'too short to be a token');
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of [TOKEN, TOKEN.slice(20), 'z'.repeat(12), 'q9'.repeat(8), 'MIIEvQ']) assert.ok(!text.includes(secret), secret);
  });

  it('keeps records in call order when many calls interleave', async () => {
    const log = open();
    const expected: string[] = [];
    const caller = async (id: number) => {
      for (let i = 0; i < 20; i++) {
        const target = `caller-${id}-${i}`;
        expected.push(target);
        log.record(entry({ target }));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(Array.from({ length: 30 }, (_, id) => caller(id)));
    assert.deepEqual(
      recordsOf().map((r) => r.target),
      expected,
    );
    assert.notDeepEqual(expected.slice(0, 20), Array.from({ length: 20 }, (_, i) => `caller-0-${i}`), 'the callers did interleave');
  });

  it('never throws: a write that fails is reported once, and writing resumes when it can', () => {
    const errors: Error[] = [];
    file = path.join(dir, 'missing', 'audit.log');
    const log = open(1024 * 1024, (err) => errors.push(err));
    log.record(entry({ target: 'lost-1' }));
    log.record(entry({ target: 'lost-2' }));
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /ENOENT/);
    fs.mkdirSync(path.dirname(file));
    log.record(entry({ target: 'kept' }));
    assert.deepEqual(recordsOf().map((r) => r.target), ['kept']);
    fs.rmSync(path.dirname(file), { recursive: true });
    log.record(entry({ target: 'lost-3' }));
    assert.equal(errors.length, 2, 'a new failure after a success is reported again');
    assert.doesNotThrow(() => log.record(null as unknown as Recorded), 'not even for an entry that is not one');
  });

  it('starts a new file when the old one was moved away or deleted', () => {
    const log = open();
    log.record(entry({ target: 'one' }));
    fs.renameSync(file, `${file}.moved`);
    log.record(entry({ target: 'two' }));
    fs.rmSync(file);
    log.record(entry({ target: 'three' }));
    assert.deepEqual(recordsOf(`${file}.moved`).map((r) => r.target), ['one']);
    assert.deepEqual(recordsOf().map((r) => r.target), ['three']);
  });

  it('close() resolves once what was written is on disk; later records are dropped', async () => {
    const log = open();
    log.record(entry({ target: 'before' }));
    await log.close();
    log.record(entry({ target: 'after' }));
    assert.deepEqual(recordsOf().map((r) => r.target), ['before']);
    await log.close();
  });

  it('refuses a maxBytes that is not a positive whole number, saying which', () => {
    assert.throws(() => new AuditLog(file, { maxBytes: 0 }), /maxBytes must be a whole number of bytes above 0, not 0/);
  });
});
