import { readFileSync } from 'node:fs';

/** VmRSS of a process and its children, in bytes. */
export function rssOf(pid: number): number {
  let total = 0;
  const pids = [pid];
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim();
    if (children !== '') pids.push(...children.split(/\s+/).map(Number));
  } catch {
    // no children file: just the process
  }
  for (const p of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'latin1'));
      if (m !== null) total += Number(m[1]) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
