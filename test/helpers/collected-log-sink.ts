/** What the extension's LogFollower hands its sink (lines and notes), collected for a test to wait on. */
import type { LineLevel, LogLine, LogSink } from '../../extension/src/model/log-follower';
import { Waitable } from './waitable';

export class CollectedLogSink extends Waitable {
  readonly lines: LogLine[] = [];
  readonly notes: { level: LineLevel; text: string }[] = [];
  readonly sink: LogSink = {
    lines: (lines) => {
      this.lines.push(...lines);
      this.notify();
    },
    note: (level, text) => {
      this.notes.push({ level, text });
      this.notify();
    },
  };

  get texts(): string[] {
    return this.lines.map((l) => l.text);
  }

  untilText(text: string): Promise<void> {
    return this.until((c) => c.texts.includes(text), `the line "${text}"`);
  }

  untilNote(pattern: RegExp): Promise<void> {
    return this.until((c) => c.notes.some((n) => pattern.test(n.text)), `a note matching ${pattern}`);
  }
}
