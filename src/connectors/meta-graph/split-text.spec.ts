import { splitText } from './split-text';

describe('splitText', () => {
  it.each<[string, string, number, string[]]>([
    ['nothing', '', 10, []],
    ['only white space', '   ', 10, []],
    ['text under the limit', 'hello', 10, ['hello']],
    ['after a space in the second half', 'hello world again', 12, ['hello world', 'again']],
    ['after a newline', 'one two\nthree four', 10, ['one two', 'three four']],
    ['a word longer than the limit', 'abcdefghijkl', 5, ['abcde', 'fghij', 'kl']],
    ['by code points', '👋👋👋', 2, ['👋👋', '👋']],
  ])('splits %s', (_name, text, limit, parts) => {
    expect(splitText(text, limit)).toEqual(parts);
  });
});
