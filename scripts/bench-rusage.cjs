// Preload of `npm run bench` (`node --require scripts/bench-rusage.cjs ...`): when the process
// exits, writes its own resource usage as JSON to the file named by BENCH_RUSAGE_FILE, for the
// wall / CPU / peak RSS cells of the scale rows. process.resourceUsage() is getrusage(RUSAGE_SELF):
// CPU of every thread (worker threads included) and the process's peak RSS (maxRSS, KiB);
// userCPUTime and systemCPUTime are in microseconds. Workers load preloads too: only the main
// thread writes.
'use strict';
const { writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');

const file = process.env.BENCH_RUSAGE_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    const r = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ maxRSS: r.maxRSS, userCPUTime: r.userCPUTime, systemCPUTime: r.systemCPUTime }) + '\n',
    );
  });
}
