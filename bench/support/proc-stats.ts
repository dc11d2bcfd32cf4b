// Process figures from /proc (Linux): resident memory and CPU time, for benchmarks that run the
// service, the simulator and PostgreSQL as separate processes on one machine.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Peak and current resident set of a process, in MB. */
export function rssOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number =>
    Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

/** User + system CPU seconds a process has used so far (0 once it is gone). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at field 3; utime and stime are 14, 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process named `name` now running (e.g. all PostgreSQL backends). */
export function cpuSecondsByName(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) {
        total += cpuSecondsOf(Number(entry));
      }
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU seconds spent by each named party between `start()` and `stop()`. */
export function cpuMeter(parties: Record<string, () => number>): () => Record<string, number> {
  const before = Object.fromEntries(Object.entries(parties).map(([k, read]) => [k, read()]));
  return () =>
    Object.fromEntries(Object.entries(parties).map(([k, read]) => [k, read() - (before[k] ?? 0)]));
}
