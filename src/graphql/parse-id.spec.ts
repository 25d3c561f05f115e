import { parseId, parseOptionalId } from './parse-id';

describe('parseId', () => {
  it.each([
    ['0B6F4F3E-6F1D-4A53-9D3E-4F8E2A9B1C7D', '0b6f4f3e-6f1d-4a53-9d3e-4f8e2a9b1c7d'],
    ['42', '00000000-0000-0000-0000-000000000000'],
    ["'; drop table agents; --", '00000000-0000-0000-0000-000000000000'],
    ['', '00000000-0000-0000-0000-000000000000'],
  ])('%j → %s', (raw, id) => {
    expect(parseId(raw)).toBe(id);
  });

  it.each([null, undefined])('keeps %s absent', (raw) => {
    expect(parseOptionalId(raw)).toBeUndefined();
  });
});
