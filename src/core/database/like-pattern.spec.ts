import { containsPattern } from './like-pattern';

describe('containsPattern', () => {
  it.each([
    ['refund', '%refund%'],
    ['50%', '%50\\%%'],
    ['order_id', '%order\\_id%'],
    ['C:\\temp', '%C:\\\\temp%'],
    ['%_\\', '%\\%\\_\\\\%'],
  ])('%j → %j', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern);
  });
});
