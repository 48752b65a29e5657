/**
 * A counter every committed write advances (issue 11's answer cache): an answer computed while
 * the version was v is only served while it is still v, so no cached answer is older than the
 * last acknowledged event. Per process: on the embedded engine every write passes through this
 * process; with several API processes on one server each would only see its own writes
 * (docs/serving.md, so the cache is off there by default).
 */
export class DataVersion {
  private value = 0;

  get current(): number {
    return this.value;
  }

  /** Called once after every successful insert or data-changing command, before it is acknowledged. */
  advance(): void {
    this.value += 1;
  }
}
