// A report draft as plain JSON: reading and writing at a model path without touching the original,
// dropping what the form left blank, comparing drafts, and naming a model path as the core's element path.
import { describe, expect, it } from 'vitest';
import { elementPath, getIn, prune, setIn, stableJson } from '../../renderer/src/report/draft';

describe('getIn and setIn', () => {
  it('reads through objects and arrays, and answers undefined off the path', () => {
    const draft = { reporter: { email: [{ value: 'a@example.org' }] } };
    expect(getIn(draft, ['reporter', 'email', 0, 'value'])).toBe('a@example.org');
    expect(getIn(draft, ['reporter', 'phone', 0])).toBeUndefined();
    expect(getIn(draft, ['reporter', 0])).toBeUndefined();
  });

  it('writes a copy, creating objects and arrays on the way', () => {
    const draft = { incidentSummary: { platform: 'x' } };
    const next = setIn(draft, ['reporter', 'email', 0, 'value'], 'a@example.org');
    expect(next).toEqual({
      incidentSummary: { platform: 'x' },
      reporter: { email: [{ value: 'a@example.org' }] },
    });
    expect(draft).toEqual({ incidentSummary: { platform: 'x' } });
    expect((next as typeof draft).incidentSummary).toBe(draft.incidentSummary);
  });

  it('deletes a field, and removes a list entry, when given undefined', () => {
    expect(setIn({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
    expect(setIn({ list: ['x', 'y', 'z'] }, ['list', 1], undefined)).toEqual({ list: ['x', 'z'] });
  });
});

describe('prune', () => {
  it('drops empty strings and lists and the objects left holding only them', () => {
    expect(prune({ a: '', b: [], c: { d: '' }, e: 'kept', f: ['', 'x'] })).toEqual({ e: 'kept', f: ['x'] });
    expect(prune({ a: '' })).toBeUndefined();
  });

  it('keeps objects that were already empty (a victim record the XSD requires)', () => {
    expect(prune({ victimPerson: {} })).toEqual({ victimPerson: {} });
  });

  it('keeps false and zero', () => {
    expect(prune({ a: false, b: 0 })).toEqual({ a: false, b: 0 });
  });
});

describe('stableJson', () => {
  it('is the same whatever order keys were written in, and differs when a value does', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: 2 }));
    expect(stableJson([2, 1])).not.toBe(stableJson([1, 2]));
  });
});

describe('elementPath', () => {
  const model = {
    reporter: { reportingPerson: { email: [{ value: 'a' }, { value: 'b' }], phone: [{ value: '1' }] } },
  };

  it('numbers repeated elements from 1, and only when there is more than one', () => {
    expect(elementPath('report', model, ['reporter', 'reportingPerson', 'email', 1, 'value'])).toBe(
      '/report/reporter/reportingPerson/email[2]',
    );
    expect(elementPath('report', model, ['reporter', 'reportingPerson', 'phone', 0, 'value'])).toBe(
      '/report/reporter/reportingPerson/phone',
    );
  });

  it('names attributes with @', () => {
    expect(
      elementPath('report', model, ['reporter', 'reportingPerson', 'phone', 0, 'countryCallingCode']),
    ).toBe('/report/reporter/reportingPerson/phone/@countryCallingCode');
  });
});
