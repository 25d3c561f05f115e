import { describe, expect, it } from '@jest/globals';
import type { WidgetLocale } from '../shared/protocol';
import { PANEL_STRINGS } from '../shared/strings';
import { queuePlaceText, waitText } from './queue-place';

describe('waitText', () => {
  it.each<[number | null, string | null]>([
    [null, null],
    [0, 'less than a minute'],
    [59, 'less than a minute'],
    [60, 'about 1 minute'],
    [89, 'about 1 minute'],
    [90, 'about 2 minutes'],
    [130, 'about 2 minutes'],
    [1800, 'about 30 minutes'],
    [3600, 'about 60 minutes'],
    [3601, 'over an hour'],
    [86400, 'over an hour'],
  ])('%p seconds → %p', (etaSeconds, expected) => {
    expect(waitText(etaSeconds, PANEL_STRINGS.en, 'en')).toBe(expected);
  });
});

describe('queuePlaceText', () => {
  it.each<[WidgetLocale, number, number | null, string]>([
    ['en', 3, 130, 'You are number 3 in line · about 2 minutes'],
    ['en', 1, null, 'You are number 1 in line'],
    ['en', 1200, 30, 'You are number 1,200 in line · less than a minute'],
    ['ar', 3, 130, 'ترتيبك في قائمة الانتظار: 3 · مدة الانتظار المتوقعة: دقيقتان تقريبًا'],
    ['ar', 2, 300, 'ترتيبك في قائمة الانتظار: 2 · مدة الانتظار المتوقعة: 5 دقائق تقريبًا'],
    ['ar', 1, 60, 'ترتيبك في قائمة الانتظار: 1 · مدة الانتظار المتوقعة: دقيقة تقريبًا'],
    ['ar', 4, 7200, 'ترتيبك في قائمة الانتظار: 4 · مدة الانتظار المتوقعة: أكثر من ساعة'],
    ['he', 3, 130, 'אתם במקום 3 בתור · זמן המתנה משוער: שתי דקות'],
    ['he', 2, 20, 'אתם במקום 2 בתור · זמן המתנה משוער: פחות מדקה'],
    ['he', 5, null, 'אתם במקום 5 בתור'],
    ['fr', 3, 130, 'Vous êtes numéro 3 dans la file d’attente · environ 2 minutes'],
    ['es', 3, 130, 'Eres el número 3 en la fila · aproximadamente 2 minutos'],
    ['de', 3, 130, 'Sie sind Nummer 3 in der Warteschlange · etwa 2 Minuten'],
    ['de', 1200, null, 'Sie sind Nummer 1.200 in der Warteschlange'],
  ])('%s: position %p, %p seconds → %p', (locale, position, etaSeconds, expected) => {
    expect(queuePlaceText({ position, etaSeconds }, PANEL_STRINGS[locale], locale)).toBe(expected);
  });
});
