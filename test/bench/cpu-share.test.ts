/**
 * The CPU share of a small Lambda (bench/cpu-share.ts): the quota of a memory size, where this
 * process's CPU cgroup is (read from /proc texts), and the files written to make a cgroup,
 * checked in a directory standing for the cgroup filesystem. No process is put in a cgroup
 * here and nothing is timed.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpuCgroupHome, cpuQuotaUs, createCpuShares } from '../../bench/cpu-share.ts';

const V1_MOUNTINFO = [
  '25 1 0:23 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755',
  '30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:12 - cgroup cgroup rw,cpu,cpuacct',
  '31 25 0:28 / /sys/fs/cgroup/memory rw,nosuid shared:13 - cgroup cgroup rw,memory',
  '32 25 0:29 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw',
].join('\n');
const V2_MOUNTINFO = '28 22 0:26 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw';

describe('cpuQuotaUs', () => {
  it.each([
    [128, 7236],
    [1769, 100_000],
    [3538, 200_000],
  ])('gives a %i MB function %i µs of CPU per 100 ms', (memoryMb, quota) => {
    // Act
    const us = cpuQuotaUs(memoryMb);

    // Assess
    expect(us).toBe(quota);
  });
});

describe('cpuCgroupHome', () => {
  it("finds cgroup v1's cpu controller, mounted with cpuacct", () => {
    // Act
    const home = cpuCgroupHome('4:memory:/x\n3:cpu,cpuacct:/user.slice\n0::/\n', V1_MOUNTINFO);

    // Assess
    expect(home).toEqual({ version: 1, dir: '/sys/fs/cgroup/cpu,cpuacct/user.slice' });
  });

  it("finds the process's own cgroup below a mount whose root is a cgroup (a container)", () => {
    // Prepare
    const mountinfo = '30 25 0:27 /docker/abc /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu';

    // Act
    const home = cpuCgroupHome('1:cpu:/docker/abc/bench\n', mountinfo);

    // Assess
    expect(home).toEqual({ version: 1, dir: '/sys/fs/cgroup/cpu/bench' });
  });

  it('finds the cgroup v2 hierarchy when no v1 controller has the CPU', () => {
    // Act
    const home = cpuCgroupHome('0::/user.slice/session-2.scope\n', V2_MOUNTINFO);

    // Assess
    expect(home).toEqual({ version: 2, dir: '/sys/fs/cgroup/user.slice/session-2.scope' });
  });

  it('says why when the cpu controller is not mounted, or there is no cgroup at all', () => {
    // Act
    const unmounted = cpuCgroupHome('3:cpu:/\n', V2_MOUNTINFO);
    const none = cpuCgroupHome('', '');

    // Assess
    expect(unmounted).toEqual({ reason: 'the cgroup v1 cpu controller is not mounted' });
    expect(none).toMatchObject({ reason: expect.stringContaining('no cgroup') });
  });

  it('joins the mount point and the cgroup path, spaces in mount points included (property)', () => {
    const segment = fc.stringMatching(/^[a-z0-9._-]{1,12}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), segment, (path, mountName) => {
        // Prepare
        const point = `/sys/fs/${mountName} cgroup`;
        const mountinfo = `28 22 0:26 / ${point.replace(' ', '\\040')} rw - cgroup2 cgroup2 rw`;

        // Act
        const home = cpuCgroupHome(`0::/${path.join('/')}\n`, mountinfo);

        // Assess
        expect(home).toEqual({ version: 2, dir: [point, ...path].join('/') });
      }),
    );
  });
});

describe('createCpuShares', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcs-offboard-cgroup-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is not limited, and says why, where no cgroup can be found', () => {
    // Act
    const shares = createCpuShares(2, 128, { reason: 'not Linux' });

    // Assess
    expect(shares).toMatchObject({ limited: false, reason: 'not Linux' });
    expect(() => shares.remove()).not.toThrow();
  });

  it('writes the quota of 128 MB into each cgroup it makes (cgroup v1)', async () => {
    // Act
    const shares = createCpuShares(2, 128, { version: 1, dir });

    // Assess
    expect(shares).toMatchObject({ limited: true, share: '7.2 % of a core, the share of 128 MB' });
    const made = (await readdir(dir)).sort();
    expect(made).toHaveLength(2);
    for (const group of made) {
      expect(await readFile(join(dir, group, 'cpu.cfs_quota_us'), 'utf8')).toBe('7236');
      expect(await readFile(join(dir, group, 'cpu.cfs_period_us'), 'utf8')).toBe('100000');
    }
  });

  it('refuses to hold process 0, which would be the bench itself', () => {
    // Prepare
    const shares = createCpuShares(1, 128, { version: 1, dir });
    const [group] = shares.limited ? shares.groups : [];

    // Act
    const hold = () => group?.add(0);

    // Assess
    expect(group).toBeDefined();
    expect(hold).toThrow('no process 0 to hold');
  });

  it('writes cpu.max into each cgroup it makes (cgroup v2, the cpu controller enabled)', async () => {
    // Prepare
    await writeFile(join(dir, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
    await writeFile(join(dir, 'cgroup.subtree_control'), 'cpu memory\n');

    // Act
    const shares = createCpuShares(1, 128, { version: 2, dir });

    // Assess
    expect(shares.limited).toBe(true);
    const [group] = (await readdir(dir)).filter((name) => name.startsWith('bcs-offboard-bench-'));
    expect(await readFile(join(dir, String(group), 'cpu.max'), 'utf8')).toBe('7236 100000');
  });

  it('is not limited, and says why, where cgroup v2 offers no cpu controller', async () => {
    // Prepare
    await writeFile(join(dir, 'cgroup.controllers'), 'memory pids\n');

    // Act
    const shares = createCpuShares(2, 128, { version: 2, dir });

    // Assess
    expect(shares).toMatchObject({
      limited: false,
      reason: expect.stringContaining('no cpu controller'),
    });
    expect(await readdir(dir)).toEqual(['cgroup.controllers']);
  });

  it('is not limited, and says why, where a cgroup cannot be made', async () => {
    // Prepare
    const missing = join(dir, 'no-such-hierarchy');

    // Act
    const shares = createCpuShares(2, 128, { version: 1, dir: missing });

    // Assess
    expect(shares).toMatchObject({ limited: false, reason: expect.stringContaining('ENOENT') });
  });
});
