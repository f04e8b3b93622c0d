/**
 * Admission of Install and Register requests, one at a time. Deciding whether
 * a request may start a job (idempotency lookup, "is an agent operation
 * running?", the host checks) takes awaits; if two requests interleaved there
 * both could see the host idle and start two installers. Running admissions
 * one after another makes check-and-start atomic: of 50 concurrent Installs
 * the first starts a job and the other 49 see it running.
 */
export class AdmissionQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(admit: () => Promise<T>): Promise<T> {
    const result = this.tail.then(admit);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
