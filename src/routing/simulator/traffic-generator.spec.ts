import { exponential, mulberry32 } from './seeded-random';
import { generateArrivals } from './traffic-generator';

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 1_000 }, () => a());
    expect(Array.from({ length: 1_000 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(first[0]);
  });

  it('gives exponential samples with the asked mean', () => {
    const random = mulberry32(1);
    const samples = Array.from({ length: 20_000 }, () => exponential(random, 240));
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    expect(mean).toBeGreaterThan(230);
    expect(mean).toBeLessThan(250);
  });
});

describe('generateArrivals', () => {
  const spec = {
    count: 5_000,
    arrivalsPerMinute: 10,
    handleSecondsMean: 180,
    seed: 9,
    contacts: 100,
    contexts: [
      {
        weight: 3,
        context: {
          integrationId: 'web',
          channel: 'widget',
          prechat: {},
          contact: {},
          pageUrl: null,
          language: null,
          tags: [],
        },
      },
      {
        weight: 1,
        priority: 80,
        context: {
          integrationId: 'wa',
          channel: 'whatsapp-cloud',
          prechat: {},
          contact: {},
          pageUrl: null,
          language: 'es',
          tags: [],
        },
      },
    ],
  };

  it('follows the rate, the weights and the seed', () => {
    const arrivals = generateArrivals(spec);
    expect(arrivals).toHaveLength(5_000);
    expect(arrivals.every((arrival, i) => i === 0 || arrival.at >= arrivals[i - 1].at)).toBe(true);
    const minutes = arrivals[arrivals.length - 1].at / 60;
    expect(5_000 / minutes).toBeGreaterThan(9.5);
    expect(5_000 / minutes).toBeLessThan(10.5);
    const whatsapp = arrivals.filter((arrival) => arrival.context.channel === 'whatsapp-cloud');
    expect(whatsapp.length / 5_000).toBeGreaterThan(0.22);
    expect(whatsapp.length / 5_000).toBeLessThan(0.28);
    expect(whatsapp.every((arrival) => arrival.priority === 80)).toBe(true);
    expect(new Set(arrivals.map((arrival) => arrival.contactId)).size).toBeLessThanOrEqual(100);
    expect(generateArrivals(spec)).toEqual(arrivals);
  });
});
