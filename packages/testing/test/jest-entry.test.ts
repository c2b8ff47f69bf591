import { expect as globalsExpect } from '@jest/globals';
import '@multistatus/testing/jest';
import * as matchers from '@multistatus/testing/matchers';

const result = {
  entries: [{ href: '/docs/', propstat: [{ status: 200, props: { '{DAV:}displayname': 'Docs' } }] }],
  summary: { total: 1, succeeded: 1, failed: 0 },
};

describe("the '@multistatus/testing/jest' setup entry", () => {
  it('adds the matchers to the expect of @jest/globals, with their types', () => {
    globalsExpect(result).toBeMultiStatus();
    globalsExpect(result).toHaveEntry('/docs/');
    globalsExpect(result).toHavePropStat('/docs/', 'displayname', 200);
    globalsExpect(result).toHaveSummary({ total: 1 });
    globalsExpect(result).not.toHaveEntry('/other');
    // @ts-expect-error a status is a number
    globalsExpect(() => globalsExpect(result).toHaveEntry('/docs/', '200')).toThrow(/status must be an integer/);
  });

  it('adds them to the global expect, with their types', () => {
    expect(result).toHavePropStat('/docs/', '{DAV:}displayname', 200);
    // @ts-expect-error toHaveSummary takes counts, not a number
    expect(() => expect(result).toHaveSummary(1)).toThrow(/expected must be an object/);
  });
});

describe("the '@multistatus/testing/matchers' entry", () => {
  it('exports exactly the four matchers, ready for expect.extend', () => {
    expect(Object.keys(matchers).sort()).toEqual(['toBeMultiStatus', 'toHaveEntry', 'toHavePropStat', 'toHaveSummary']);
    for (const matcher of Object.values(matchers)) expect(typeof matcher).toBe('function');
  });
});
