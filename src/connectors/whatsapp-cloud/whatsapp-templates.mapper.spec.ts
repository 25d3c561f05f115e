import { mapTemplatePage, placeholderCount } from './whatsapp-templates.mapper';

describe('placeholderCount', () => {
  it.each<[string, number]>([
    ['Hello', 0],
    ['Hi {{1}}', 1],
    ['Hi {{1}}, order {{2}} ({{2}})', 2],
    ['Gap {{3}}', 3],
    ['Spaces {{ 2 }}', 2],
    ['Named {{first_name}}', 0],
  ])('%s → %d', (body, n) => {
    expect(placeholderCount(body)).toBe(n);
  });
});

describe('mapTemplatePage', () => {
  it.each<[string, unknown, object[]]>([
    [
      'an approved template with header, body and buttons',
      {
        data: [
          {
            name: 'order_update',
            language: 'en_US',
            status: 'APPROVED',
            category: 'UTILITY',
            components: [
              { type: 'HEADER', format: 'TEXT', text: 'Order' },
              { type: 'BODY', text: 'Hi {{1}}, order {{2}} shipped.' },
              { type: 'BUTTONS', buttons: [] },
            ],
          },
        ],
      },
      [
        {
          name: 'order_update',
          language: 'en_US',
          status: 'approved',
          category: 'UTILITY',
          body: 'Hi {{1}}, order {{2}} shipped.',
          parameterCount: 2,
        },
      ],
    ],
    [
      'statuses other than approved, and unknown ones',
      {
        data: [
          { name: 'a', language: 'de', status: 'PAUSED', components: [{ type: 'BODY', text: 'x' }] },
          { name: 'b', language: 'de', status: 'IN_APPEAL', components: [{ type: 'BODY', text: 'y' }] },
        ],
      },
      [
        { name: 'a', language: 'de', status: 'paused', body: 'x', parameterCount: 0 },
        { name: 'b', language: 'de', status: 'other', body: 'y', parameterCount: 0 },
      ],
    ],
    [
      'items without a body, a name or a language are left out',
      { data: [{ name: 'a', language: 'de', components: [] }, { language: 'de' }, 'junk'] },
      [],
    ],
    ['not a page', { error: { code: 100 } }, []],
  ])('%s', (_name, page, expected) => {
    expect(mapTemplatePage(page)).toEqual(expected);
  });
});
