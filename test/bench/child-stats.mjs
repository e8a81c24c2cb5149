// Lets the bench ask a child process for its RSS and CPU time, and stop it.
export function answerStats(close = async () => undefined) {
  process.on('message', (message) => {
    if (message === 'stats') {
      globalThis.gc?.();
      const cpu = process.cpuUsage();
      process.send?.({ rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system, userMicros: cpu.user });
    }
    if (message === 'close') void close().then(() => process.exit(0));
  });
}
