import { parseBearer } from './bearer-token';

describe('parseBearer', () => {
  it.each<[unknown, string | undefined]>([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['  Bearer   abc.def-_ghi  ', 'abc.def-_ghi'],
    ['Basic dXNlcjpwYXNz', undefined],
    ['Bearer', undefined],
    ['Bearer two tokens', undefined],
    ['abc.def.ghi', undefined],
    ['', undefined],
    [undefined, undefined],
    [42, undefined],
    [['Bearer x'], undefined],
  ])('%j → %j', (value, token) => {
    expect(parseBearer(value)).toBe(token);
  });
});
