import { DomainError } from '../errors/domain-error';
import {
  MAX_TRANSFER_NOTE_LENGTH,
  transferNoteText,
  transferRefusal,
  TransferTargetLoad,
  validTransferNote,
} from './conversation-transfer.policy';

const grace: TransferTargetLoad = { name: 'Grace', status: 'accepting', capacity: 3, openCount: 1 };

describe('transferRefusal', () => {
  it.each<[string, TransferTargetLoad, string | undefined]>([
    ['an accepting agent with room', grace, undefined],
    ['one slot left', { ...grace, openCount: 2 }, undefined],
    ['a full agent', { ...grace, openCount: 3 }, 'Grace is at capacity (3 of 3 conversations)'],
    ['an agent over capacity', { ...grace, openCount: 4 }, 'Grace is at capacity (4 of 3 conversations)'],
    [
      'an agent with capacity 0',
      { ...grace, capacity: 0, openCount: 0 },
      'Grace is at capacity (0 of 0 conversations)',
    ],
    ['a not accepting agent', { ...grace, status: 'not_accepting' }, 'Grace is not accepting conversations'],
    ['an offline agent', { ...grace, status: 'offline' }, 'Grace is not accepting conversations'],
  ])('%s → %j', (_name, agent, refusal) => {
    expect(transferRefusal(agent)).toBe(refusal);
  });
});

describe('validTransferNote', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['  \n ', undefined],
    [' VIP customer ', 'VIP customer'],
    ['a\u0000b', 'ab'],
    ['x'.repeat(MAX_TRANSFER_NOTE_LENGTH), 'x'.repeat(MAX_TRANSFER_NOTE_LENGTH)],
  ])('%j → %j', (raw, note) => {
    expect(validTransferNote(raw)).toBe(note);
  });

  it('refuses a note over the limit, saying so', () => {
    const long = 'x'.repeat(MAX_TRANSFER_NOTE_LENGTH + 1);
    expect(() => validTransferNote(long)).toThrow(DomainError);
    expect(() => validTransferNote(long)).toThrow('note must be at most 2000 characters (got 2001).');
  });
});

describe('transferNoteText', () => {
  it.each<[string, string | undefined, string]>([
    ['Grace', 'wants a refund', 'Transferred to Grace: wants a refund'],
    ['Grace', undefined, 'Transferred to Grace'],
    ['Billing', undefined, 'Transferred to Billing'],
  ])('%j with %j → %j', (target, note, text) => {
    expect(transferNoteText(target, note)).toBe(text);
  });
});
