import { exponential, mulberry32 } from './seeded-random';
import type { TrafficContext, TrafficGenerator } from './simulation-input.schema';
import type { SimArrival } from './simulation.types';

const EMPTY_CONTEXT: TrafficContext = {
  integrationId: 'simulated',
  channel: 'widget',
  prechat: {},
  contact: {},
  pageUrl: null,
  language: null,
  tags: [],
};

/**
 * Synthetic traffic: a Poisson arrival process (exponential gaps with mean 60 / arrivalsPerMinute
 * seconds) with exponential handle times, contexts drawn by weight. The same spec and seed give the
 * same arrivals everywhere, so two policies can be compared on identical traffic.
 */
export function generateArrivals(spec: TrafficGenerator): SimArrival[] {
  const random = mulberry32(spec.seed);
  const contexts = spec.contexts ?? [
    { weight: 1, context: EMPTY_CONTEXT, priority: undefined, handleSecondsMean: undefined },
  ];
  const totalWeight = contexts.reduce((sum, entry) => sum + entry.weight, 0);
  const meanGap = 60 / spec.arrivalsPerMinute;
  const arrivals: SimArrival[] = [];
  let at = 0;
  for (let i = 0; i < spec.count; i += 1) {
    at += exponential(random, meanGap);
    let pick = random() * totalWeight;
    const entry =
      contexts.find((candidate) => (pick -= candidate.weight) < 0) ?? contexts[contexts.length - 1];
    arrivals.push({
      id: `chat-${i + 1}`,
      at,
      handleSeconds: Math.max(1, exponential(random, entry.handleSecondsMean ?? spec.handleSecondsMean)),
      context: {
        ...entry.context,
        prechat: { ...entry.context.prechat },
        contact: { ...entry.context.contact },
        tags: [...entry.context.tags],
      },
      priority: entry.priority ?? null,
      contactId: spec.contacts ? `contact-${1 + Math.floor(random() * spec.contacts)}` : null,
      patienceSeconds: spec.patienceSecondsMean ? exponential(random, spec.patienceSecondsMean) : null,
    });
  }
  return arrivals;
}
