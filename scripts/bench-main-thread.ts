import { performance } from 'node:perf_hooks';

/**
 * On a busy machine most event-loop delays are the main thread waiting for a core. This samples
 * the thread's own CPU time every 5 ms; the largest amount within one delayed tick is what the
 * main thread itself did (a GC, a copy), which is what the app can change.
 */
export function watchMainThreadWork(): { stop(): { maxMs: number; atMs: number } } {
  let lastCpu = process.threadCpuUsage();
  let lastAt = performance.now();
  let max = 0;
  let maxAt = 0;
  const timer = setInterval(() => {
    const cpu = process.threadCpuUsage();
    const now = performance.now();
    const busyMs = (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000;
    if (now - lastAt > 10 && busyMs > max) {
      max = busyMs;
      maxAt = lastAt;
    }
    lastCpu = cpu;
    lastAt = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return { maxMs: max, atMs: maxAt };
    },
  };
}
