/**
 * Learning-event data generator CLI (`npm run generate -- --help`).
 *
 *   ts-node --transpile-only scripts/generate.ts --events 1000000 --out data/events.ndjson
 *   ts-node --transpile-only scripts/generate.ts --events 100000 --url http://localhost:4000/v1/events
 *
 * Exit codes: 0 done, 1 failed while writing or sending, 2 bad command line.
 */
import { SingleBar } from 'cli-progress';
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import { GENERATE_USAGE, parseGenerateArgs, UsageError } from '../src/generator/cli-args';
import type { GenerateCliCommand } from '../src/generator/cli-args';
import { generateEvents } from '../src/generator/generate';
import { postEventBatches } from '../src/generator/http-sender';
import { writeNdjson, writeNdjsonFile } from '../src/generator/ndjson-writer';

export { parseGenerateArgs, UsageError } from '../src/generator/cli-args';

/** Only draw a progress bar for runs long enough to need one. */
const PROGRESS_BAR_MIN_EVENTS = 50_000;

export interface CliIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  now?: Date;
}

/** Runs the CLI and returns the exit code (exported so tests can run it in-process). */
export async function runGenerateCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: GenerateCliCommand;
  try {
    command = parseGenerateArgs(argv, io.now);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`generate: ${error.message}\n\n${GENERATE_USAGE}`);
      return 2;
    }
    throw error;
  }
  if (command.help) {
    io.stdout.write(GENERATE_USAGE);
    return 0;
  }

  const options = command;
  const bar =
    io.stderr.isTTY && options.events > PROGRESS_BAR_MIN_EVENTS
      ? new SingleBar({
          stream: io.stderr,
          format: 'generating [{bar}] {percentage}% | {value}/{total} events | ETA {eta_formatted}',
          etaBuffer: 50,
          hideCursor: true,
        })
      : null;
  bar?.start(options.events, 0);
  const onProgress = bar ? (done: number) => bar.update(done) : undefined;

  const events = generateEvents(options);
  const started = performance.now();
  let summary = '';
  let generated: number;
  try {
    const { destination } = options;
    if (destination.kind === 'file') {
      generated = destination.path === '-' ? await writeNdjson(events, io.stdout, onProgress) : await writeNdjsonFile(events, destination.path, onProgress);
    } else {
      const result = await postEventBatches(events, {
        url: destination.url,
        batchSize: options.batch,
        concurrency: options.concurrency,
        seed: options.seed,
        // From the environment, not a flag: a token on the command line shows in process lists.
        token: process.env.LEARNMETRICS_TOKEN,
        onProgress,
      });
      generated = result.events;
      summary = `sent ${result.batches} batches to ${destination.url}: accepted ${result.accepted}, rejected ${result.rejected}\n`;
    }
  } catch (error) {
    bar?.stop();
    io.stderr.write(`generate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  bar?.stop();

  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(generated / Math.max(seconds, 1e-6));
  io.stderr.write(`generated ${generated} events in ${seconds.toFixed(2)}s (${rate} events/s)\n${summary}`);
  return 0;
}

if (require.main === module) {
  runGenerateCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
