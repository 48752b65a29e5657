// The node test environment, plus an opt-in record of what each test file cost: with
// JEST_CPU_LOG=/some/file, every file appends one line `path<TAB>cpu seconds<TAB>wall seconds`.
// CPU is the worker process's (user + system, the embedded engine's threads included), from
// environment setup to teardown, so it covers loading the file's modules, every hook and test.
// A worker runs one file at a time, so the figure is that file's. On a shared 2-core machine
// CPU seconds, not wall time, say which files make `npm test` slow.
const fs = require('node:fs');
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

class CpuRecordingEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async setup() {
    this.cpuAtStart = process.cpuUsage();
    this.wallAtStart = process.hrtime.bigint();
    await super.setup();
  }

  async teardown() {
    await super.teardown();
    const file = process.env.JEST_CPU_LOG;
    if (!file) return;
    const cpu = process.cpuUsage(this.cpuAtStart);
    const wall = Number(process.hrtime.bigint() - this.wallAtStart) / 1e9;
    const relative = this.testPath.slice(process.cwd().length + 1);
    fs.appendFileSync(file, `${relative}\t${((cpu.user + cpu.system) / 1e6).toFixed(2)}\t${wall.toFixed(2)}\n`);
  }
}

module.exports = CpuRecordingEnvironment;
