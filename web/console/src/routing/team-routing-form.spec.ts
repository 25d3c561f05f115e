import { describe, expect, it } from '@jest/globals';
import {
  businessHoursProblems,
  formToSettings,
  isRealDate,
  settingsProblems,
  settingsToForm,
  type BusinessHoursForm,
} from './team-routing-form';

const ZONES = new Set(['UTC', 'Europe/Berlin', 'America/St_Johns']);
const hours = (patch: Partial<BusinessHoursForm>): BusinessHoursForm => ({
  timeZone: 'Europe/Berlin',
  weekly: [],
  closedDates: [],
  ...patch,
});

describe('businessHoursProblems', () => {
  it.each<[string, Partial<BusinessHoursForm>, string[]]>([
    [
      'a working week is fine',
      { weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' })) },
      [],
    ],
    [
      'a night shift as two intervals is fine',
      {
        weekly: [
          { day: 5, from: '22:00', to: '24:00' },
          { day: 6, from: '00:00', to: '06:00' },
        ],
      },
      [],
    ],
    ['an unknown zone', { timeZone: 'Mars/Olympus' }, ['timeZone:problemTimeZone']],
    [
      'a night shift in one interval',
      { weekly: [{ day: 5, from: '22:00', to: '06:00' }] },
      ['weekly.0.to:problemFromBeforeTo'],
    ],
    [
      'an empty interval',
      { weekly: [{ day: 1, from: '09:00', to: '09:00' }] },
      ['weekly.0.to:problemFromBeforeTo'],
    ],
    [
      'not clocks',
      { weekly: [{ day: 1, from: '9am', to: '25:00' }] },
      ['weekly.0.from:problemClock', 'weekly.0.to:problemEndClock'],
    ],
    [
      '24:00 does not open a day',
      { weekly: [{ day: 1, from: '24:00', to: '24:00' }] },
      ['weekly.0.from:problemClock'],
    ],
    [
      'overlapping hours of one day',
      {
        weekly: [
          { day: 1, from: '09:00', to: '13:00' },
          { day: 1, from: '12:00', to: '17:00' },
        ],
      },
      ['weekly.1.from:problemOverlap'],
    ],
    [
      'touching hours do not overlap',
      {
        weekly: [
          { day: 1, from: '09:00', to: '12:00' },
          { day: 1, from: '12:00', to: '17:00' },
        ],
      },
      [],
    ],
    [
      'the same hours on two days do not overlap',
      {
        weekly: [
          { day: 1, from: '09:00', to: '17:00' },
          { day: 2, from: '09:00', to: '17:00' },
        ],
      },
      [],
    ],
    [
      'dates: not real, and repeated',
      { closedDates: ['2025-02-30', '2025-12-25', '2025-12-25'] },
      ['closedDates.0:problemDate', 'closedDates.2:problemDateRepeated'],
    ],
  ])('%s', (_name, patch, problems) => {
    expect(businessHoursProblems(hours(patch), ZONES).map((p) => `${p.path}:${p.key}`)).toEqual(problems);
  });
});

describe('settingsProblems', () => {
  const form = settingsToForm({});
  it.each<[string, Partial<typeof form>, string[]]>([
    ['the defaults are fine', {}, []],
    ['no SLA', { slaSeconds: '' }, ['slaSeconds:problemSeconds']],
    ['a fraction', { inactivityReassignSeconds: '1.5' }, ['inactivityReassignSeconds:problemSeconds']],
    ['more than a week', { overflowAfterSeconds: '604801' }, ['overflowAfterSeconds:problemSeconds']],
    ['overflow at once is allowed', { overflowAfterSeconds: '0' }, []],
    [
      'business hours are checked under their path',
      { businessHours: hours({ timeZone: 'Nowhere' }) },
      ['businessHours.timeZone:problemTimeZone'],
    ],
  ])('%s', (_name, patch, problems) => {
    expect(settingsProblems({ ...form, ...patch }, ZONES).map((p) => `${p.path}:${p.key}`)).toEqual(problems);
  });
});

describe('settings ↔ form', () => {
  it('fills the hub defaults and sends empty timers as null', () => {
    const form = settingsToForm({ strategy: 'manual', slaSeconds: 30 });
    expect(form).toMatchObject({
      strategy: 'manual',
      slaSeconds: '30',
      inactivityReassignSeconds: '',
      overflowTeamId: '',
    });
    expect(formToSettings(form)).toEqual({
      strategy: 'manual',
      returningCustomer: false,
      slaSeconds: 30,
      inactivityReassignSeconds: null,
      overflowAfterSeconds: null,
      overflowTeamId: null,
      externalRouter: false,
      businessHours: null,
    });
  });

  it('keeps business hours, sorted by day and time, dates deduplicated and sorted', () => {
    const settings = {
      strategy: 'round_robin',
      returningCustomer: true,
      slaSeconds: 60,
      inactivityReassignSeconds: 120,
      overflowAfterSeconds: 300,
      overflowTeamId: '5b0c7e0a-1111-4a5e-9c3d-2a6f8b9d0e11',
      externalRouter: true,
      businessHours: {
        timeZone: 'America/St_Johns',
        weekly: [
          { day: 5, from: '13:00', to: '17:00' },
          { day: 1, from: '09:00', to: '17:00' },
          { day: 5, from: '09:00', to: '12:00' },
        ],
        closedDates: ['2026-01-01', '2025-12-25', '2026-01-01'],
      },
    };
    expect(formToSettings(settingsToForm(settings))).toEqual({
      ...settings,
      businessHours: {
        timeZone: 'America/St_Johns',
        weekly: [
          { day: 1, from: '09:00', to: '17:00' },
          { day: 5, from: '09:00', to: '12:00' },
          { day: 5, from: '13:00', to: '17:00' },
        ],
        closedDates: ['2025-12-25', '2026-01-01'],
      },
    });
  });

  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-1-01', false],
  ])('isRealDate(%p) → %p', (date, real) => {
    expect(isRealDate(date)).toBe(real);
  });
});
