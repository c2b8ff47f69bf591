import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMultiStatus } from '@multistatus/core';

const exampleDir = join(__dirname, '..');

/** Starts src/start.ts under tsx, as `pnpm start` does, and resolves with its base URL once it listens. */
function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    cwd: exampleDir,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) resolve({ child, url: match[1] as string });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the start script exited (${code}): ${output}`)));
  });
}

function propfind(url: string, depth: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PROPFIND', headers: { Depth: depth } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the start script (src/start.ts, run by tsx as `pnpm start` runs it)', () => {
  let base: string;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'webdav-start-'));
  });

  afterEach(() => {
    child?.kill();
    child = undefined;
    rmSync(base, { recursive: true, force: true });
  });

  describe('with WEBDAV_ROOT (the filesystem store)', () => {
    it('lists a collection of several batches with PROPFIND Depth: 1 (its listing thread runs under the loader)', async () => {
      mkdirSync(join(base, 'docs'));
      for (let i = 0; i < 300; i++) writeFileSync(join(base, 'docs', `f${i}.txt`), 'x');
      const started = await start({ WEBDAV_ROOT: base });
      child = started.child;
      const res = await propfind(`${started.url}docs/`, '1');
      expect(res.status).toBe(207);
      const { entries } = await parseMultiStatus(res.text);
      expect(entries).toHaveLength(301);
      expect(entries[0]?.href).toBe('/docs/');
      expect(entries.map((e) => e.href)).toContain('/docs/f299.txt');
    });
  });
});
