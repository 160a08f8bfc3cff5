import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize, CanonicalJsonError } from '../../main/core/ledger/canonical-json';

describe('canonicalize: the examples of RFC 8785', () => {
  it('writes the section 3.2.2 example exactly', () => {
    const input = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`);
    expect(canonicalize(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('encodes the section 3.2.2 example as the UTF-8 bytes listed in section 3.2.4', () => {
    const input = {
      numbers: [Number('333333333.33333329'), 1e30, 4.5, 2e-3, 1e-27],
      string: '€$\u000f\nA\'B"\\\\"/',
      literals: [null, true, false],
    };
    const rfcHex = [
      '7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72',
      '75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a',
      '5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31',
      '65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37',
      '5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30',
      '30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d',
    ].join(' ');
    expect(Buffer.from(canonicalBytes(input)).toString('hex')).toBe(rfcHex.replaceAll(' ', ''));
  });

  it('sorts the section 3.2.3 keys by UTF-16 code units', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // Appendix B: IEEE 754 bit patterns and their serialisation.
  const numbers: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(numbers)('serialises the double 0x%s as %s', (bits, expected) => {
    expect(canonicalize(Buffer.from(bits, 'hex').readDoubleBE(0))).toBe(expected);
  });

  it.each(['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])(
    'refuses the non-finite double 0x%s',
    (bits) => {
      expect(() => canonicalize([Buffer.from(bits, 'hex').readDoubleBE(0)])).toThrow(CanonicalJsonError);
    },
  );
});

describe('canonicalize: numbers', () => {
  it.each([
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [1e-7, '1e-7'],
    [1e-6, '0.000001'],
    [-0, '0'],
    [Number('333333333.33333329'), '333333333.3333333'],
    [5e-324, '5e-324'],
    [4.5, '4.5'],
    [-1.5, '-1.5'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ])('writes %s as %s', (value, expected) => {
    expect(canonicalize(value)).toBe(expected);
  });

  it('writes -0 as 0 inside containers too', () => {
    expect(canonicalize({ a: [-0, { b: -0 }] })).toBe('{"a":[0,{"b":0}]}');
  });
});

describe('canonicalize: strings', () => {
  it('escapes control characters minimally, with lowercase hex', () => {
    const all = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
    expect(canonicalize(all)).toBe(
      '"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"',
    );
  });

  it('leaves everything else as it is: slash, DEL, U+2028, non-ASCII, astral characters', () => {
    expect(canonicalize('/\u007f\u2028\u2029é😀"\\')).toBe('"/\u007f\u2028\u2029é😀\\"\\\\"');
  });

  it('encodes as UTF-8', () => {
    expect(Buffer.from(canonicalBytes('é😀')).toString('hex')).toBe('22c3a9f09f988022');
  });

  it.each(['\ud800', 'a\udc00', '\ude00\ud83d'])(
    'refuses the lone surrogate in %j, as a value and as a key',
    (text) => {
      expect(() => canonicalize(text)).toThrow(CanonicalJsonError);
      expect(() => canonicalize({ [text]: 1 })).toThrow(/lone UTF-16 surrogate/);
    },
  );
});

describe('canonicalize: structure', () => {
  it('sorts keys at every depth, whatever order they were inserted in', () => {
    const a = { z: [{ b: 1, a: 2 }], a: { d: false, c: null }, '': 'empty' };
    const b = { '': 'empty', a: { c: null, d: false }, z: [{ a: 2, b: 1 }] };
    expect(canonicalize(a)).toBe('{"":"empty","a":{"c":null,"d":false},"z":[{"a":2,"b":1}]}');
    expect(canonicalize(b)).toBe(canonicalize(a));
  });

  it('sorts by code units, not code points or locale: U+FB33 after the astral U+1F600', () => {
    expect(canonicalize({ '\ufb33': 1, '\u{1f600}': 2, B: 3, a: 4, '10': 5, '9': 6 })).toBe(
      '{"10":5,"9":6,"B":3,"a":4,"\u{1f600}":2,"\ufb33":1}',
    );
  });

  it('keeps array order, and writes empty containers and literals', () => {
    expect(canonicalize([3, 1, 2, [], {}, null, true, false, ''])).toBe('[3,1,2,[],{},null,true,false,""]');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = 2;
    expect(canonicalize(bare)).toBe('{"a":2,"b":1}');
  });

  it('gives the same text for the same value parsed back', () => {
    const value = { seq: 12, actor: 'ana', details: { note: 'ça va\n', weights: [0.1, 1e-9, 123456789012] } };
    const text = canonicalize(value);
    expect(canonicalize(JSON.parse(text))).toBe(text);
  });
});

describe('canonicalize: what JSON cannot carry is refused, naming where it is', () => {
  class Entry {
    seq = 1;
  }
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { back: cyclic };

  it.each<[string, unknown, RegExp]>([
    ['NaN', { a: NaN }, /\$\["a"\] is NaN/],
    ['Infinity', [Infinity], /\$\[0\] is Infinity/],
    ['-Infinity', -Infinity, /\$ is -Infinity/],
    ['undefined at the top', undefined, /\$ is undefined/],
    ['undefined in an object', { a: { b: undefined } }, /\$\["a"\]\["b"\] is undefined/],
    ['undefined in an array', [1, undefined], /\$\[1\] is undefined/],
    ['a function', { f: () => 1 }, /is a function/],
    ['a toJSON method', { toJSON: () => 'x' }, /is a function/],
    ['a BigInt', { n: 10n }, /is a BigInt/],
    ['a symbol value', [Symbol('s')], /is a symbol/],
    ['a symbol key', { [Symbol('s')]: 1 }, /symbol keys/],
    ['a Date', { at: new Date(0) }, /is an instance of Date/],
    ['a Map', new Map(), /is an instance of Map/],
    ['a Set', { s: new Set([1]) }, /is an instance of Set/],
    ['a class instance', new Entry(), /is an instance of Entry/],
    ['a boxed number', { n: new Number(1) }, /is an instance of Number/],
    ['a Uint8Array', { bytes: new Uint8Array(2) }, /is an instance of Uint8Array/],
    ['a sparse array', sparse, /\$\[1\] is a hole/],
    ['a cycle', cyclic, /\$\["self"\]\["back"\] refers back to itself/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => canonicalize(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalize(value)).toThrow(message);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });
});
