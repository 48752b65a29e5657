/**
 * `describe` for tests that need a ClickHouse server in Docker (testcontainers). Without a
 * Docker engine the block is skipped and the reason is printed once, so the skip is visible.
 */
export function describeWithDocker(name: string, body: () => void): void {
  const reason = process.env.LEARNMETRICS_DOCKER_SKIP_REASON;
  if (reason) {
    process.stderr.write(`skipped "${name}": ${reason}\n`);
    describe.skip(`${name} (skipped: ${reason})`, body);
  } else {
    describe(name, body);
  }
}
