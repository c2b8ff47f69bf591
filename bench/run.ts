// `pnpm bench`: runs every bench/*.bench.ts (or the ones named: `pnpm bench serialize parse`) one after the
// other, each in its own Node process so one cannot warm up or fill the heap for another, and writes what
// they print into docs/benchmarks.md. Figures come from one run on one machine: compare ratios, not seconds.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const docs = join(here, '..', 'docs', 'benchmarks.md');
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

const sections = new Map<string, string>();
// Keep the sections of benches not run this time, so `pnpm bench parse` updates one section only.
try {
  const old = readFileSync(docs, 'utf8');
  for (const m of old.matchAll(/<!-- bench:(\S+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) sections.set(m[1]!, m[2]!);
} catch {}

for (const file of benches) {
  const name = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${name}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, file)], {
    // bench/tsconfig.json maps the packages to their built CommonJS files (`pnpm bench` builds them first): what
    // is measured is what a user installs, one bundled file per package. Through the root tsconfig, tsx would
    // load each source file as a module of its own and read every imported name through a getter: measured in
    // one process, the 10,000-response render took 12.1 ms from the sources and 9.8 ms from the build.
    env: { ...process.env, TSX_TSCONFIG_PATH: join(here, 'tsconfig.json') },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    process.stderr.write(`bench: ${name} failed with exit code ${run.status}\n`);
    process.exitCode = 1;
    continue;
  }
  process.stdout.write(run.stdout);
  sections.set(name, `${run.stdout.trim()}\n`);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const body = [...sections.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, text]) => `<!-- bench:${name} -->\n${text}<!-- /bench:${name} -->`)
  .join('\n\n');
writeFileSync(
  docs,
  `# Benchmarks

Produced by \`pnpm bench\` (all) or \`pnpm bench <name>\` (one section), which runs \`bench/<name>.bench.ts\`.
Each benchmark runs its contenders in one process run, alternating, so the ratios compare like with like on a
shared, noisy machine; absolute figures vary from run to run. Last run: Node ${process.version}, ${cpus().length} × ${cpu},
${Math.round(totalmem() / 2 ** 30)} GiB.

${body}
`,
);
