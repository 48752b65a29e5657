/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment; JEST_CPU_LOG=file records each test file's CPU seconds (see the file).
  testEnvironment: '<rootDir>/test/helpers/cpu-environment.js',
  roots: ['<rootDir>/test'],
  transform: {
    // tsconfig has isolatedModules, so ts-jest transpiles file by file (fast); `npm run typecheck` checks types.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  setupFiles: ['<rootDir>/test/helpers/jest-setup.ts'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  // No test or hook may fail for being slow: on a loaded 2-core machine a migrated engine and a
  // seeded server take minutes (issue 15: no timing-sensitive hooks). The bound is only there so a
  // true hang fails with a name instead of holding CI until its own limit.
  testTimeout: 15 * 60_000,
  // jest's default is cores - 1, which is one worker on this 2-core machine: the suite then runs
  // file after file with one core idle (13.5 min). Two workers ran it in 6.4 min, all green; most
  // of a test's time is the embedded engine, which runs in the worker's own process.
  maxWorkers: 2,
  // A worker's heap grows by 40-70 MB per test file (each file's module registry is not all
  // freed), and a worker that ran ~40 files took 2-3.5x the CPU for the same file (course-learners
  // 27 s against 8 s, its GC on a 2 GB heap). Past this heap size after a file, jest starts a
  // fresh worker process for the next one (its own engine data directory, like any worker).
  workerIdleMemoryLimit: '800MB',
};
