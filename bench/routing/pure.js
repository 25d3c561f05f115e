'use strict';
// The CPU side of a routing decision, without the database: the pure `evaluateRules` over a
// 20-rule policy and `chooseAgent` over the candidates the drainer loads (1,000 agents), timed per
// call over many iterations after a warm-up.

const L = require('../lib/common');

/**
 * A 20-rule policy of the kinds the issue lists (channel, pre-chat, contact attributes, page URL,
 * language, tags, time of day, business hours), 1 to 3 conditions each. `teamId` is any uuid: the
 * business-hours look-up answers for it.
 */
function twentyRulePolicy(teamId) {
  const rule = (i, conditions, action) => ({
    id: `r${i}`,
    name: `Rule ${i}`,
    enabled: true,
    conditions,
    action,
  });
  const rules = [
    rule(1, [{ type: 'contactAttribute', attribute: 'tier', operator: 'equals', value: 'vip' }], {
      priority: 90,
    }),
    rule(
      2,
      [
        { type: 'channel', operator: 'in', values: ['whatsapp-cloud', 'messenger'] },
        { type: 'language', operator: 'in', values: ['ar'] },
      ],
      { requiredSkills: ['arabic'] },
    ),
    rule(3, [{ type: 'pageUrl', operator: 'matches', value: 'https://shop.example.com/checkout/*' }], {
      priority: 80,
    }),
    rule(4, [{ type: 'prechat', field: 'topic', operator: 'equals', value: 'refund' }], {
      requiredSkills: ['billing'],
      priority: 70,
    }),
    rule(5, [{ type: 'tag', operator: 'includesAny', values: ['outage', 'security'] }], { priority: 95 }),
    rule(6, [{ type: 'contactAttribute', attribute: 'lifetimeValue', operator: 'gt', value: 10000 }], {
      priority: 85,
    }),
    rule(
      7,
      [
        { type: 'timeOfDay', timeZone: 'Europe/Berlin', from: '22:00', to: '06:00' },
        { type: 'channel', operator: 'in', values: ['messenger'] },
      ],
      { priority: 20 },
    ),
    rule(
      8,
      [
        { type: 'businessHours', teamId, open: false },
        { type: 'contactAttribute', attribute: 'tier', operator: 'in', values: ['gold', 'platinum'] },
      ],
      { priority: 60 },
    ),
    rule(9, [{ type: 'language', operator: 'in', values: ['fr', 'fr-CA'] }], { requiredSkills: ['fr'] }),
    rule(
      10,
      [
        { type: 'prechat', field: 'orderId', operator: 'exists' },
        { type: 'pageUrl', operator: 'contains', value: '/orders/' },
      ],
      { priority: 65 },
    ),
    rule(
      11,
      [{ type: 'contactAttribute', attribute: 'email', operator: 'endsWith', value: '@partner.example' }],
      { priority: 75 },
    ),
    rule(12, [{ type: 'tag', operator: 'includesAll', values: ['b2b', 'enterprise'] }], { priority: 88 }),
    rule(13, [{ type: 'pageUrl', operator: 'startsWith', value: 'https://docs.example.com/' }], {
      priority: 30,
    }),
    rule(
      14,
      [
        {
          type: 'timeOfDay',
          timeZone: 'America/New_York',
          from: '09:00',
          to: '17:00',
          days: [1, 2, 3, 4, 5],
        },
        { type: 'contactAttribute', attribute: 'plan', operator: 'equals', value: 'enterprise' },
      ],
      { priority: 80 },
    ),
    rule(15, [{ type: 'contactAttribute', attribute: 'churnRisk', operator: 'gte', value: 0.8 }], {
      priority: 85,
    }),
    rule(16, [{ type: 'prechat', field: 'department', operator: 'in', values: ['sales', 'presales'] }], {
      priority: 55,
    }),
    rule(
      17,
      [{ type: 'language', operator: 'notIn', values: ['en', 'de', 'fr', 'es', 'ar', 'it', 'nl', 'pt'] }],
      { priority: 40 },
    ),
    rule(
      18,
      [
        { type: 'channel', operator: 'in', values: ['slack'] },
        { type: 'tag', operator: 'excludesAll', values: ['internal'] },
      ],
      { priority: 45 },
    ),
    rule(
      19,
      [
        { type: 'pageUrl', operator: 'matches', value: '*://*.example.com/pricing*' },
        { type: 'contactAttribute', attribute: 'country', operator: 'in', values: ['DE', 'AT', 'CH'] },
      ],
      { priority: 60 },
    ),
    rule(
      20,
      [
        { type: 'contactAttribute', attribute: 'segment', operator: 'equals', value: 'smb' },
        { type: 'timeOfDay', timeZone: 'Asia/Tokyo', from: '08:00', to: '20:00' },
      ],
      { priority: 35 },
    ),
  ];
  return { rules, defaultAction: { priority: 50 } };
}

/** A widget visitor no rule matches (every rule is evaluated, then the default), and one rule 10 takes. */
function contexts() {
  const base = {
    integrationId: '00000000-0000-4000-8000-000000000001',
    channel: 'widget',
    prechat: { name: 'Ada', topic: 'delivery' },
    contact: {
      name: 'Ada',
      email: 'ada@example.org',
      locale: 'en-GB',
      tier: 'basic',
      lifetimeValue: 120,
      plan: 'free',
      country: 'GB',
    },
    pageUrl: 'https://shop.example.com/products/42',
    language: 'en-GB',
    tags: ['new'],
  };
  return {
    no_match: base,
    rule_10: {
      ...base,
      prechat: { ...base.prechat, orderId: 'A-1234' },
      pageUrl: 'https://shop.example.com/orders/1234',
    },
  };
}

/** Per-call µs over `iterations` calls after `warmup` calls (`fn(i)`); the mean is from the batch. */
function timeCalls(fn, iterations, warmup) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += fn(i) ? 1 : 0;
  const us = new Float64Array(iterations);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const a = process.hrtime.bigint();
    sink += fn(i) ? 1 : 0;
    us[i] = Number(process.hrtime.bigint() - a) / 1000;
  }
  const batchUs = Number(process.hrtime.bigint() - t0) / 1000;
  // Timer overhead of one hrtime pair, to read the per-call figures against.
  const o0 = process.hrtime.bigint();
  for (let i = 0; i < 10000; i++) process.hrtime.bigint();
  const timerUs = Number(process.hrtime.bigint() - o0) / 1000 / 10000;
  return {
    ...L.summarize(Array.from(us), 2),
    batch_mean_us: L.round(batchUs / iterations, 2),
    timer_us: L.round(timerUs, 3),
    sink,
  };
}

/**
 * `evaluateRules` (rule-evaluation.ts) over the 20-rule policy, validated first with the hub's own
 * parseRoutingPolicy so the bench's rules are ones GraphQL would accept.
 */
function benchEvaluateRules(dist, { iterations, warmup, teamId }) {
  const { evaluateRules } = dist('routing/policy/rule-evaluation');
  const { parseRoutingPolicy } = dist('routing/policy/routing-policy.schema');
  const policy = parseRoutingPolicy(twentyRulePolicy(teamId));
  const hours = {
    timeZone: 'Europe/Berlin',
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '18:00' })),
  };
  const teamHours = (id) => (id === teamId ? hours : null);
  const out = { rules: policy.rules.length };
  for (const [name, ctx] of Object.entries(contexts())) {
    const decision = evaluateRules(policy, ctx, new Date(), teamHours);
    out[name] = {
      matched: decision.ruleId,
      ...timeCalls(
        (i) => evaluateRules(policy, ctx, new Date(1764590000000 + i * 60000), teamHours),
        iterations,
        warmup,
      ),
    };
  }
  return out;
}

/**
 * `chooseAgent` (assignment-strategy.ts) over `candidates` as the drainer loaded them, for the
 * pool's least_busy and the other strategies, with no required skill and with one half of the
 * agents have.
 */
function benchChooseAgent(chooseAgent, candidates, { iterations, warmup }) {
  const plain = { requiredSkills: [], preferredAgentId: null, previousAgentId: null, excludedAgentIds: [] };
  const skilled = { ...plain, requiredSkills: ['billing'] };
  const team = (strategy) => ({ strategy, returningCustomer: false, businessHours: null });
  const out = { candidates: candidates.length };
  for (const [name, t, request] of [
    ['least_busy', team('least_busy'), plain],
    ['least_busy_skill', team('least_busy'), skilled],
    ['round_robin', team('round_robin'), plain],
    ['skills_weighted_skill', team('skills_weighted'), skilled],
  ])
    out[name] = timeCalls(() => chooseAgent(t, candidates, request), iterations, warmup);
  return out;
}

module.exports = { twentyRulePolicy, benchEvaluateRules, benchChooseAgent };
