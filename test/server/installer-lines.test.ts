/** The pieces under runProcess: line splitting, redaction and the ordered log appender. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LineSplitter } from '../../server/core/agent-programs/line-splitter';
import { LogAppender } from '../../server/core/agent-programs/log-appender';
import { redactor } from '../../server/core/agent-programs/redaction';

describe('line splitter', () => {
  it('keeps a UTF-8 character split across chunks whole', () => {
    const bytes = Buffer.from('förberedelse klar\n', 'utf8');
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push(bytes.subarray(0, 2)), []); // "f" and half of "ö"
    assert.deepEqual(splitter.push(bytes.subarray(2)), ['förberedelse klar']);
    assert.deepEqual(splitter.end(), []);
  });

  it('ends lines at LF and CRLF, and returns the unterminated rest at the end', () => {
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push('a\r\nb\n\nc'), ['a', 'b', '']);
    assert.deepEqual(splitter.push('d\r'), []);
    assert.deepEqual(splitter.end(), ['cd']);
  });

  it('cuts a line that never ends', () => {
    const splitter = new LineSplitter(4);
    assert.deepEqual(splitter.push('abcdefghij'), ['abcd', 'efgh']);
    assert.deepEqual(splitter.end(), ['ij']);
  });
});

describe('redaction', () => {
  it('blanks every occurrence, longest secret first, ignoring empty strings', () => {
    const redact = redactor(['pass', 'passphrase123', '']);
    assert.equal(redact('passphrase123 and pass and passphrase123'), '*** and *** and ***');
    assert.equal(redactor([])('nothing'), 'nothing');
    assert.equal(redactor(undefined)('nothing'), 'nothing');
  });
});

describe('log appender', () => {
  it('creates the folder and writes lines in the order given, across batches', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobility-appender-'));
    try {
      const file = path.join(dir, 'a', 'b', 'x.log');
      const log = await LogAppender.open(file);
      for (let i = 0; i < 50; i++) log.append([`line ${i}`, `line ${i}b`]);
      await log.flush();
      log.append(['last']);
      await log.flush();
      const texts = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.replace(/^\S+Z /, ''));
      const expected = Array.from({ length: 50 }, (_, i) => [`line ${i}`, `line ${i}b`]).flat().concat('last');
      assert.deepEqual(texts, expected);
      assert.equal(log.error, undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
