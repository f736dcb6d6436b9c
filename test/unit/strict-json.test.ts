// The duplicate-key check the log tests rely on: it must see what JSON.parse hides.
import { describe, expect, it } from 'vitest';
import { duplicateKeys } from '../harness/strict-json.js';

describe('duplicateKeys', () => {
  it('finds a repeated key that JSON.parse silently collapses', () => {
    const line = '{"level":30,"component":"proxy","component":"outbound","msg":"x"}';
    expect(JSON.parse(line)).toMatchObject({ component: 'outbound' });
    expect(duplicateKeys(line)).toEqual(['component']);
  });

  it('looks inside nested objects and arrays, and past escaped quotes and braces in strings', () => {
    expect(duplicateKeys('{"a":{"b":1,"b":2},"c":[{"d":1,"d":[]}],"e":"x\\"}{,"}')).toEqual(['a.b', 'c[0].d']);
  });

  it('passes lines whose keys are all distinct', () => {
    expect(duplicateKeys('{"a":1,"b":{"a":1},"c":[1,"a",null,true,{}],"d":-1.5e3}')).toEqual([]);
  });
});
