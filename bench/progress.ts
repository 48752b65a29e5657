import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number): void;
  setTotal(total: number): void;
  stop(): void;
}

export type ProgressFactory = (label: string, total: number, unit?: string) => Progress;

const silent: Progress = { update: () => {}, setTotal: () => {}, stop: () => {} };
export const noProgress: ProgressFactory = () => silent;

/**
 * A progress bar with ETA on stderr. Off a terminal (the bench writing to a log file) it
 * prints the same line every 15 s instead of redrawing, so a log shows how far a long run got.
 */
export const progressBar: ProgressFactory = (label, total, unit = 'events') => {
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label.padEnd(24)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | elapsed {duration_formatted} | ETA {eta_formatted}`,
    etaBuffer: 200,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 15_000,
    barsize: 24,
  });
  const started = performance.now();
  let value = 0;
  bar.start(total, 0, { rate: 0 });
  return {
    update(done) {
      value = done;
      bar.update(done, { rate: Math.round(done / Math.max(0.001, (performance.now() - started) / 1000)) });
    },
    setTotal(t) {
      bar.setTotal(t);
    },
    stop() {
      bar.update(value);
      bar.stop();
    },
  };
};
