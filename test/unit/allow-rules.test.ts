// The allow-list rules, case by case: an allow entry suppresses only a known hit of the same or a weaker
// kind (SHA-256 > SHA-1 > MD5 > PDQ), a PDQ allow entry only PDQ hits, within its stricter distance and
// no farther than the known image, and the suppressor named is the strongest, then the closest.
import { describe, expect, it } from 'vitest';
import { ALLOW_PDQ_THRESHOLD, suppresses, suppressorOf, type Hit } from '../../main/core/matching';
import { DEFAULT_PDQ_THRESHOLD } from '../../main/core/matching';

function hit(kind: Hit['bankKind'], algorithm: Hit['algorithm'], distance = 0, bank = `${kind}-bank`): Hit {
  return {
    bankId: bank,
    bankName: bank,
    bankVersion: '1',
    bankKind: kind,
    algorithm,
    value: `${algorithm}-${distance}`,
    distance,
    transform: algorithm === 'pdq' ? 'original' : null,
  };
}

describe('allow rules', () => {
  it('keeps a PDQ allow entry stricter than the match threshold', () => {
    expect(ALLOW_PDQ_THRESHOLD).toBeLessThan(DEFAULT_PDQ_THRESHOLD);
  });

  it.each([
    // [allow algorithm, known algorithm, suppressed?]
    ['sha256', 'sha256', true],
    ['sha256', 'sha1', true],
    ['sha256', 'md5', true],
    ['sha256', 'pdq', true],
    ['sha1', 'sha256', false],
    ['sha1', 'sha1', true],
    ['sha1', 'md5', true],
    ['sha1', 'pdq', true],
    ['md5', 'sha256', false],
    ['md5', 'sha1', false],
    ['md5', 'md5', true],
    ['md5', 'pdq', true],
    ['pdq', 'sha256', false],
    ['pdq', 'sha1', false],
    ['pdq', 'md5', false],
  ] as const)(
    'an exact-or-PDQ %s allow hit against a %s known hit suppresses: %s',
    (allow, known, expected) => {
      expect(suppresses(hit('allow', allow), hit('known', known))).toBe(expected);
    },
  );

  it('never suppresses an exact known hit with a PDQ allow entry, even at distance 0', () => {
    expect(suppressorOf(hit('known', 'sha256'), [hit('allow', 'pdq', 0)])).toBeNull();
  });

  it.each([
    // [allow distance, known distance, suppressed?]
    [0, 0, true],
    [5, 12, true],
    [ALLOW_PDQ_THRESHOLD, ALLOW_PDQ_THRESHOLD, true],
    [ALLOW_PDQ_THRESHOLD, 31, true],
    [ALLOW_PDQ_THRESHOLD + 1, 31, false],
    [31, 31, false],
    [10, 9, false],
    [3, 0, false],
  ])(
    'a PDQ allow hit at %i against a PDQ known hit at %i suppresses: %s',
    (allowDistance, knownDistance, expected) => {
      expect(suppresses(hit('allow', 'pdq', allowDistance), hit('known', 'pdq', knownDistance))).toBe(
        expected,
      );
    },
  );

  it('only allow hits suppress, and only known hits are suppressed', () => {
    expect(suppresses(hit('known', 'sha256'), hit('known', 'md5'))).toBe(false);
    expect(suppresses(hit('allow', 'sha256'), hit('allow', 'md5'))).toBe(false);
  });

  it('names the strongest suppressor, then the closest', () => {
    const known = hit('known', 'pdq', 12);
    const far = hit('allow', 'pdq', 9, 'far');
    const near = hit('allow', 'pdq', 4, 'near');
    const md5 = hit('allow', 'md5', 0, 'md5-list');
    expect(suppressorOf(known, [far, near])?.bankName).toBe('near');
    expect(suppressorOf(known, [far, near, md5])?.bankName).toBe('md5-list');
    expect(suppressorOf(known, [hit('allow', 'pdq', 20)])).toBeNull();
  });
});

describe('allow rules for vPDQ (video) hits', () => {
  it.each([
    // [allow algorithm, allow distance, known algorithm, known distance, suppressed?]
    ['vpdq', 0, 'vpdq', 0, true],
    ['vpdq', 5, 'vpdq', 10, true],
    ['vpdq', 6, 'vpdq', 10, false], // weaker than 95% both ways
    ['vpdq', 3, 'vpdq', 2, false], // the item is closer to the known video
    ['vpdq', 0, 'pdq', 20, false], // a video allow entry never hides a still found in a frame
    ['vpdq', 0, 'sha256', 0, false],
    ['pdq', 0, 'vpdq', 0, false], // a PDQ allow entry never hides a video match
    ['sha256', 0, 'vpdq', 0, true], // this very file is allowed: a weaker hit on it goes
    ['md5', 0, 'vpdq', 0, true],
  ] as Array<[Hit['algorithm'], number, Hit['algorithm'], number, boolean]>)(
    'a %s allow hit at %i against a known %s hit at %i suppresses it: %s',
    (allowAlgorithm, allowDistance, knownAlgorithm, knownDistance, expected) => {
      expect(
        suppresses(hit('allow', allowAlgorithm, allowDistance), hit('known', knownAlgorithm, knownDistance)),
      ).toBe(expected);
    },
  );
});
