/**
 * A small Lambda's CPU on this machine. Lambda gives a function CPU in proportion to its
 * memory (1,769 MB is one vCPU, so 128 MB is 7.2 % of a core), and a Linux cgroup's CPU quota
 * reproduces it (aws-calls.md, "Emulating a small Lambda's CPU"). The bench makes one cgroup
 * per process it runs at a time, puts each process in its own just before it imports the
 * bundle, and removes every cgroup it made when it ends, interrupted or not. Where no cgroup
 * can be made, it says why and the processes run at full speed.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Lambda's memory for one full vCPU. */
export const MB_PER_VCPU = 1769;
/** The CFS period the quota is a share of (cgroup v1's default, 100 ms). */
export const CFS_PERIOD_US = 100_000;

/**
 * The CFS quota, in microseconds per {@link CFS_PERIOD_US}, of a function of `memoryMb`.
 *
 * @example
 * ```ts
 * cpuQuotaUs(128); // 7236: 7.2 % of a core
 * ```
 */
export const cpuQuotaUs = (memoryMb: number): number =>
  Math.round((memoryMb / MB_PER_VCPU) * CFS_PERIOD_US);

/** Where a cgroup with a CPU quota can be made for this process, or why none can. */
export type CpuCgroupHome = { version: 1 | 2; dir: string } | { reason: string };

/** `\040` and the other octal escapes of /proc/self/mountinfo, undone. */
const unescapeMount = (text: string) =>
  text.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );

interface Mount {
  root: string;
  point: string;
  fstype: string;
  options: string[];
}

const mountsOf = (mountinfo: string): Mount[] =>
  mountinfo
    .split('\n')
    .filter((line) => line.includes(' - '))
    .map((line) => {
      const [left = '', right = ''] = line.split(' - ');
      const fields = left.split(' ');
      const [fstype = '', , superOptions = ''] = right.split(' ');
      return {
        root: unescapeMount(fields[3] ?? ''),
        point: unescapeMount(fields[4] ?? ''),
        fstype,
        options: superOptions.split(','),
      };
    });

/** The directory of cgroup `path` under `mount` (whose root may be a cgroup itself). */
const dirOf = (mount: Mount, path: string) => {
  const below =
    mount.root === '/' ? path : path.startsWith(mount.root) ? path.slice(mount.root.length) : path;
  return join(mount.point, below).replace(/(.)\/+$/, '$1');
};

/**
 * This process's CPU cgroup directory, read from `/proc/self/cgroup` and
 * `/proc/self/mountinfo` (their texts): cgroup v1's `cpu` controller if it is mounted, else
 * the cgroup v2 hierarchy.
 *
 * @example
 * ```ts
 * cpuCgroupHome('1:cpu,cpuacct:/\n', '30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct');
 * // { version: 1, dir: '/sys/fs/cgroup/cpu,cpuacct' }
 * ```
 */
export const cpuCgroupHome = (procSelfCgroup: string, mountinfo: string): CpuCgroupHome => {
  const lines = procSelfCgroup
    .split('\n')
    .map((line) => /^(\d+):([^:]*):(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, id, controllers = '', path = '']) => ({
      id,
      controllers: controllers.split(','),
      path,
    }));
  const mounts = mountsOf(mountinfo);
  const v1 = lines.find((line) => line.controllers.includes('cpu'));
  if (v1 !== undefined) {
    const mount = mounts.find((m) => m.fstype === 'cgroup' && m.options.includes('cpu'));
    if (mount === undefined) return { reason: 'the cgroup v1 cpu controller is not mounted' };
    return { version: 1, dir: dirOf(mount, v1.path) };
  }
  const v2 = lines.find((line) => line.id === '0' && line.controllers.join('') === '');
  const mount = mounts.find((m) => m.fstype === 'cgroup2');
  if (v2 === undefined || mount === undefined) {
    return { reason: 'no cgroup with a cpu controller for this process (/proc/self/cgroup)' };
  }
  return { version: 2, dir: dirOf(mount, v2.path) };
};

/** One cgroup of the bench, at the CPU share. */
export interface CpuGroup {
  path: string;
  /** Moves process `pid` (and all its threads) into it. */
  add(pid: number): void;
}

export type CpuShares =
  | {
      limited: true;
      /** "7.2 % of a core, the share of 128 MB" */
      share: string;
      /** How: the cgroup version, the settings written and where. */
      settings: string;
      groups: CpuGroup[];
      remove(): void;
    }
  | { limited: false; reason: string; remove(): void };

const errorText = (error: unknown) =>
  (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** Waits `ms` synchronously: removal also runs in an `exit` handler, where nothing is async. */
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Empties and removes cgroup `path`: what is left in it are the bench's own children (the only
 * processes it ever put there), killed by their ids; then the directory goes (the kernel lets
 * it go once its last process has left).
 */
const removeGroup = (path: string) => {
  for (let attempt = 0; attempt < 100; attempt++) {
    let pids: number[];
    try {
      pids = readFileSync(join(path, 'cgroup.procs'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return; // gone already
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it ended meanwhile
      }
    }
    try {
      rmdirSync(path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      sleepSync(20);
    }
  }
  process.stderr.write(`could not remove the cgroup ${path}: remove it with rmdir\n`);
};

/**
 * Makes `count` cgroups, each held to the CPU share of `memoryMb`, under this process's own
 * CPU cgroup (`home`: read from /proc unless given), or says why it cannot. `remove()` (safe
 * to call twice, synchronous) removes every cgroup made, and undoes enabling the cpu
 * controller if cgroup v2 needed it.
 *
 * @example
 * ```ts
 * const cpu = createCpuShares(2, 128);
 * if (cpu.limited) cpu.groups[0]?.add(child.pid);
 * cpu.remove();
 * ```
 */
export const createCpuShares = (
  count: number,
  memoryMb: number,
  home: CpuCgroupHome = readCpuCgroupHome(),
): CpuShares => {
  const made: string[] = [];
  let enabledCpuIn: string | undefined;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    for (const path of made.reverse()) removeGroup(path);
    if (enabledCpuIn !== undefined) {
      try {
        writeFileSync(join(enabledCpuIn, 'cgroup.subtree_control'), '-cpu');
      } catch {
        // still used by another cgroup: leave it on
      }
    }
  };
  if ('reason' in home) return { limited: false, reason: home.reason, remove };
  if (process.platform !== 'linux') return { limited: false, reason: 'not Linux', remove };
  const quota = cpuQuotaUs(memoryMb);
  const { version, dir } = home;
  try {
    if (version === 2) {
      const controllers = readFileSync(join(dir, 'cgroup.controllers'), 'utf8').split(/\s+/);
      if (!controllers.includes('cpu')) {
        return { limited: false, reason: `cgroup v2 offers no cpu controller at ${dir}`, remove };
      }
      const subtree = readFileSync(join(dir, 'cgroup.subtree_control'), 'utf8').split(/\s+/);
      if (!subtree.includes('cpu')) {
        writeFileSync(join(dir, 'cgroup.subtree_control'), '+cpu');
        enabledCpuIn = dir;
      }
    }
    for (let index = 0; index < count; index++) {
      const path = join(dir, `bcs-offboard-bench-${process.pid}-${index}`);
      mkdirSync(path);
      made.push(path);
      if (version === 1) {
        writeFileSync(join(path, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
        writeFileSync(join(path, 'cpu.cfs_quota_us'), String(quota));
      } else {
        writeFileSync(join(path, 'cpu.max'), `${quota} ${CFS_PERIOD_US}`);
      }
    }
  } catch (error) {
    remove();
    return {
      limited: false,
      reason: `cannot make a cgroup with a CPU quota under ${dir} (${errorText(error)})`,
      remove,
    };
  }
  const written =
    version === 1
      ? `cpu.cfs_quota_us ${quota} / cpu.cfs_period_us ${CFS_PERIOD_US}`
      : `cpu.max "${quota} ${CFS_PERIOD_US}"`;
  return {
    limited: true,
    share: `${((quota / CFS_PERIOD_US) * 100).toFixed(1)} % of a core, the share of ${memoryMb} MB`,
    settings: `cgroup v${version}, ${written}, one cgroup per process under ${dir}`,
    groups: made.map((path) => ({
      path,
      add: (pid) => {
        // 0 would stand for the writer: the bench itself would be held to the share.
        if (!Number.isSafeInteger(pid) || pid <= 0) throw new Error(`no process ${pid} to hold`);
        writeFileSync(join(path, 'cgroup.procs'), String(pid));
      },
    })),
    remove,
  };
};

/** {@link cpuCgroupHome} of this process, from /proc. */
const readCpuCgroupHome = (): CpuCgroupHome => {
  try {
    return cpuCgroupHome(
      readFileSync('/proc/self/cgroup', 'utf8'),
      readFileSync('/proc/self/mountinfo', 'utf8'),
    );
  } catch (error) {
    return {
      reason: `cannot read /proc/self/cgroup or /proc/self/mountinfo (${errorText(error)})`,
    };
  }
};
