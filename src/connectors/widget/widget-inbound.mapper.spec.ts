import { describe, expect, it } from '@jest/globals';
import type { CanonicalAttachment, ContactRef } from '../sdk';
import type { PrechatField } from './widget-config';
import {
  attachmentFileIds,
  mapPrechatAnswers,
  mapVisitorMessage,
  MAX_VISITOR_ATTACHMENTS,
  MAX_VISITOR_TEXT,
  type VisitorMessageFrame,
} from './widget-inbound.mapper';

const NOW = new Date('2024-06-01T12:00:00.000Z');
const AT = NOW.toISOString();
const VISITOR: ContactRef = { externalId: 'v_0b6f2c1e-8d3a-4f5b-9c7e-1a2b3c4d5e6f' };
const CLIENT_ID = '3f2b8c1a-5d4e-4f6a-8b7c-9d0e1f2a3b4c';
const EXTERNAL_ID = `${VISITOR.externalId}:${CLIENT_ID}`;
const FILE_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

const SURVEY: PrechatField[] = [
  { id: 'name', type: 'name', label: 'Your name', required: true },
  { id: 'email', type: 'email', label: 'Email', required: false },
  { id: 'topic', type: 'choice', label: 'Topic', required: false, options: ['Billing', 'Sales'] },
  { id: 'gdpr', type: 'consent', label: 'I agree to the privacy policy', required: true },
];
const surveyOn = { prechat: { enabled: true, fields: SURVEY } };
const surveyOff = { prechat: { enabled: false, fields: SURVEY } };
const receipt: CanonicalAttachment = {
  kind: 'image',
  url: 'https://hub.example.com/files/a1b2?exp=1&sig=x',
  mimeType: 'image/png',
  name: 'receipt.png',
  sizeBytes: 48213,
};
const validAnswers = { name: 'Ada', gdpr: true };

describe('mapVisitorMessage', () => {
  const map = (
    frame: VisitorMessageFrame,
    opts: { visitor?: ContactRef; config?: typeof surveyOn; attachments?: CanonicalAttachment[] } = {},
  ) =>
    mapVisitorMessage(
      { clientMessageId: CLIENT_ID, ...frame },
      opts.visitor ?? VISITOR,
      opts.config ?? surveyOff,
      opts.attachments ?? [],
      NOW,
    );

  it.each<[string, Parameters<typeof map>, unknown]>([
    [
      'a text message, its externalId namespaced by visitor',
      [{ text: 'Hi there' }],
      { type: 'message', externalId: EXTERNAL_ID, contact: VISITOR, occurredAt: NOW, text: 'Hi there' },
    ],
    [
      'text trimmed',
      [{ text: '  \n Hi there \t ' }],
      { type: 'message', externalId: EXTERNAL_ID, contact: VISITOR, occurredAt: NOW, text: 'Hi there' },
    ],
    [
      'text of exactly the maximum length once trimmed',
      [{ text: ` ${'a'.repeat(MAX_VISITOR_TEXT)} ` }],
      {
        type: 'message',
        externalId: EXTERNAL_ID,
        contact: VISITOR,
        occurredAt: NOW,
        text: 'a'.repeat(MAX_VISITOR_TEXT),
      },
    ],
    [
      'an identified visitor with a name, kept on the contact',
      [{ text: 'Hi' }, { visitor: { externalId: 'u_42', name: 'Ada Lovelace', email: 'ada@example.com' } }],
      {
        type: 'message',
        externalId: `u_42:${CLIENT_ID}`,
        contact: { externalId: 'u_42', name: 'Ada Lovelace', email: 'ada@example.com' },
        occurredAt: NOW,
        text: 'Hi',
      },
    ],
    [
      'attachments without text, passed through',
      [{ attachments: [{ fileId: FILE_ID }] }, { attachments: [receipt] }],
      { type: 'message', externalId: EXTERNAL_ID, contact: VISITOR, occurredAt: NOW, attachments: [receipt] },
    ],
    [
      'whitespace text with attachments, the text dropped',
      [{ text: '   ', attachments: [{ fileId: FILE_ID }] }, { attachments: [receipt] }],
      { type: 'message', externalId: EXTERNAL_ID, contact: VISITOR, occurredAt: NOW, attachments: [receipt] },
    ],
    [
      'pre-chat answers, in survey order, with name and email copied onto the contact',
      [
        {
          text: 'Hi',
          prechat: { gdpr: true, topic: 'Billing', email: ' ada@example.com ', name: '  Ada ' },
        },
        { config: surveyOn },
      ],
      {
        type: 'message',
        externalId: EXTERNAL_ID,
        contact: { ...VISITOR, name: 'Ada', email: 'ada@example.com' },
        occurredAt: NOW,
        text: 'Hi',
        prechat: [
          { fieldId: 'name', type: 'name', label: 'Your name', value: 'Ada', answeredAt: AT },
          { fieldId: 'email', type: 'email', label: 'Email', value: 'ada@example.com', answeredAt: AT },
          { fieldId: 'topic', type: 'choice', label: 'Topic', value: 'Billing', answeredAt: AT },
          {
            fieldId: 'gdpr',
            type: 'consent',
            label: 'I agree to the privacy policy',
            value: true,
            answeredAt: AT,
          },
        ],
      },
    ],
    [
      'pre-chat answers overriding the name an identified visitor had',
      [
        { text: 'Hi', prechat: validAnswers },
        { visitor: { externalId: 'u_42', name: 'A. L.' }, config: surveyOn },
      ],
      {
        type: 'message',
        externalId: `u_42:${CLIENT_ID}`,
        contact: { externalId: 'u_42', name: 'Ada' },
        occurredAt: NOW,
        text: 'Hi',
        prechat: [
          { fieldId: 'name', type: 'name', label: 'Your name', value: 'Ada', answeredAt: AT },
          {
            fieldId: 'gdpr',
            type: 'consent',
            label: 'I agree to the privacy policy',
            value: true,
            answeredAt: AT,
          },
        ],
      },
    ],
    [
      'optional answers left empty, skipped',
      [{ text: 'Hi', prechat: { ...validAnswers, email: '', topic: null } }, { config: surveyOn }],
      {
        type: 'message',
        externalId: EXTERNAL_ID,
        contact: { ...VISITOR, name: 'Ada' },
        occurredAt: NOW,
        text: 'Hi',
        prechat: [
          { fieldId: 'name', type: 'name', label: 'Your name', value: 'Ada', answeredAt: AT },
          {
            fieldId: 'gdpr',
            type: 'consent',
            label: 'I agree to the privacy policy',
            value: true,
            answeredAt: AT,
          },
        ],
      },
    ],
    [
      'pre-chat ignored when the survey is disabled, however wrong',
      [{ text: 'Hi', prechat: { name: 'Ada', phone: '+1', gdpr: 'no' } }],
      { type: 'message', externalId: EXTERNAL_ID, contact: VISITOR, occurredAt: NOW, text: 'Hi' },
    ],
    [
      'a null pre-chat, as no pre-chat (a later message of the conversation)',
      [{ text: 'Hi', prechat: null }, { config: surveyOn }],
      { type: 'message', externalId: EXTERNAL_ID, contact: VISITOR, occurredAt: NOW, text: 'Hi' },
    ],
  ])('maps %s', (_name, args, event) => {
    expect(map(...args)).toStrictEqual({ ok: true, event });
  });

  it.each<[string, Parameters<typeof map>, string]>([
    [
      'no clientMessageId',
      [{ clientMessageId: undefined, text: 'Hi' }],
      'clientMessageId must be 8 to 100 letters, digits, _ or -',
    ],
    [
      'a numeric clientMessageId',
      [{ clientMessageId: 12345678, text: 'Hi' }],
      'clientMessageId must be 8 to 100 letters, digits, _ or -',
    ],
    [
      'a 7-character clientMessageId',
      [{ clientMessageId: 'abcdefg', text: 'Hi' }],
      'clientMessageId must be 8 to 100 letters, digits, _ or -',
    ],
    [
      'a 101-character clientMessageId',
      [{ clientMessageId: 'a'.repeat(101), text: 'Hi' }],
      'clientMessageId must be 8 to 100 letters, digits, _ or -',
    ],
    [
      'a clientMessageId with a colon',
      [{ clientMessageId: 'u_42:abcdefgh', text: 'Hi' }],
      'clientMessageId must be 8 to 100 letters, digits, _ or -',
    ],
    ['text that is not a string', [{ text: ['Hi'] }], 'text must be a string'],
    [
      'text that is too long',
      [{ text: 'a'.repeat(MAX_VISITOR_TEXT + 1) }],
      `text must be at most ${MAX_VISITOR_TEXT} characters`,
    ],
    ['no text and no attachment', [{}], 'a message needs text or an attachment'],
    ['empty text and no attachment', [{ text: '' }], 'a message needs text or an attachment'],
    ['whitespace text and no attachment', [{ text: ' \n\t ' }], 'a message needs text or an attachment'],
    [
      'a required answer missing',
      [{ text: 'Hi', prechat: { gdpr: true } }, { config: surveyOn }],
      'prechat.name (Your name) is required',
    ],
    [
      'a required answer empty',
      [{ text: 'Hi', prechat: { name: '', gdpr: true } }, { config: surveyOn }],
      'prechat.name (Your name) is required',
    ],
    [
      'an empty pre-chat with required fields',
      [{ text: 'Hi', prechat: {} }, { config: surveyOn }],
      'prechat.name (Your name) is required',
    ],
    [
      'required consent refused',
      [{ text: 'Hi', prechat: { name: 'Ada', gdpr: false } }, { config: surveyOn }],
      'prechat.gdpr (I agree to the privacy policy) is required',
    ],
    [
      'consent given as a string',
      [{ text: 'Hi', prechat: { name: 'Ada', gdpr: 'yes' } }, { config: surveyOn }],
      'prechat.gdpr must be true (consent given) or left out',
    ],
    [
      'an unknown field',
      [{ text: 'Hi', prechat: { ...validAnswers, phone: '+1' } }, { config: surveyOn }],
      'prechat.phone is not a field of this survey',
    ],
    [
      'a choice not among the options',
      [{ text: 'Hi', prechat: { ...validAnswers, topic: 'Refunds' } }, { config: surveyOn }],
      'prechat.topic must be one of: Billing, Sales',
    ],
    [
      'a choice in another case',
      [{ text: 'Hi', prechat: { ...validAnswers, topic: 'billing' } }, { config: surveyOn }],
      'prechat.topic must be one of: Billing, Sales',
    ],
    [
      'an email without a domain',
      [{ text: 'Hi', prechat: { ...validAnswers, email: 'ada@' } }, { config: surveyOn }],
      'prechat.email must be an email address',
    ],
    [
      'an email without a dot in the domain',
      [{ text: 'Hi', prechat: { ...validAnswers, email: 'ada@localhost' } }, { config: surveyOn }],
      'prechat.email must be an email address',
    ],
    [
      'an email with a space',
      [{ text: 'Hi', prechat: { ...validAnswers, email: 'ada lovelace@example.com' } }, { config: surveyOn }],
      'prechat.email must be an email address',
    ],
    [
      'an email that is not a string',
      [{ text: 'Hi', prechat: { ...validAnswers, email: 42 } }, { config: surveyOn }],
      'prechat.email must be an email address',
    ],
    [
      'a name that is too long',
      [{ text: 'Hi', prechat: { ...validAnswers, name: 'a'.repeat(2001) } }, { config: surveyOn }],
      'prechat.name must be text of at most 2000 characters',
    ],
    [
      'a name that is not a string',
      [{ text: 'Hi', prechat: { ...validAnswers, name: { first: 'Ada' } } }, { config: surveyOn }],
      'prechat.name must be text of at most 2000 characters',
    ],
    [
      'a pre-chat list instead of an object',
      [{ text: 'Hi', prechat: ['Ada', true] }, { config: surveyOn }],
      'prechat must be an object of answers by field id',
    ],
    [
      'a pre-chat string',
      [{ text: 'Hi', prechat: 'Ada' }, { config: surveyOn }],
      'prechat must be an object of answers by field id',
    ],
  ])('refuses %s', (_name, args, problem) => {
    expect(map(...args)).toStrictEqual({ ok: false, problem });
  });
});

describe('mapPrechatAnswers', () => {
  // A field id is any word an admin picks; one that is also an Object.prototype member must not
  // be answered by the prototype when the visitor leaves it out.
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])(
    'treats an unanswered optional field named %s as unanswered',
    (id) => {
      const fields: PrechatField[] = [
        { id: 'name', type: 'name', label: 'Name', required: true },
        { id, type: 'text', label: 'Anything else?', required: false },
      ];
      expect(mapPrechatAnswers({ name: 'Ada' }, fields, NOW)).toStrictEqual([
        { fieldId: 'name', type: 'name', label: 'Name', value: 'Ada', answeredAt: AT },
      ]);
    },
  );

  it('refuses a required field named constructor left out', () => {
    const fields: PrechatField[] = [{ id: 'constructor', type: 'text', label: 'Company', required: true }];
    expect(mapPrechatAnswers({}, fields, NOW)).toBe('prechat.constructor (Company) is required');
  });
});

describe('attachmentFileIds', () => {
  const otherFileId = 'B1C2D3E4-F5A6-4B7C-8D9E-0F1A2B3C4D5E';

  it.each<[string, unknown, string[] | string]>([
    ['no attachments', undefined, []],
    ['an empty list', [], []],
    ['file ids, in order, any case', [{ fileId: FILE_ID }, { fileId: otherFileId }], [FILE_ID, otherFileId]],
    ['extra keys ignored', [{ fileId: FILE_ID, name: 'x.png' }], [FILE_ID]],
    [
      'the maximum number',
      Array.from({ length: MAX_VISITOR_ATTACHMENTS }, () => ({ fileId: FILE_ID })),
      Array.from({ length: MAX_VISITOR_ATTACHMENTS }, () => FILE_ID),
    ],
    [
      'one too many',
      Array.from({ length: MAX_VISITOR_ATTACHMENTS + 1 }, () => ({ fileId: FILE_ID })),
      `at most ${MAX_VISITOR_ATTACHMENTS} attachments per message`,
    ],
    ['a single object instead of a list', { fileId: FILE_ID }, 'attachments must be a list of {fileId}'],
    ['null', null, 'attachments must be a list of {fileId}'],
    ['a bare id instead of {fileId}', [FILE_ID], 'attachments[0].fileId must be a file id'],
    ['a null entry', [null], 'attachments[0].fileId must be a file id'],
    ['a numeric id', [{ fileId: 42 }], 'attachments[0].fileId must be a file id'],
    [
      'a bad second entry',
      [{ fileId: FILE_ID }, { fileId: 'f1' }],
      'attachments[1].fileId must be a file id',
    ],
    ['an id one character long', [{ fileId: `${FILE_ID}0` }], 'attachments[0].fileId must be a file id'],
    // The host looks ids up in a uuid column, where anything but a UUID is a database error.
    ['36 dashes', [{ fileId: '-'.repeat(36) }], 'attachments[0].fileId must be a file id'],
    ['36 hex digits without dashes', [{ fileId: 'a'.repeat(36) }], 'attachments[0].fileId must be a file id'],
    [
      'dashes in the wrong places',
      [{ fileId: 'a1b2c3d4e-5f6-4a7b-8c9d-0e1f2a3b4c5d' }],
      'attachments[0].fileId must be a file id',
    ],
  ])('reads %s', (_name, attachments, expected) => {
    expect(attachmentFileIds({ attachments })).toStrictEqual(expected);
  });
});
