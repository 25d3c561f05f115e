/**
 * The routing rule editor's form ↔ the policy JSON of docs/routing.md. The form keeps text as
 * typed (lists as "vip, gold", numbers as digits); `formToRule` builds the JSON the hub validates,
 * and leaves out what is empty so the hub's defaults apply. Whatever the form cannot say stays
 * editable in the JSON editor.
 */

export type ConditionType =
  | 'integration'
  | 'channel'
  | 'prechat'
  | 'contactAttribute'
  | 'pageUrl'
  | 'language'
  | 'tag'
  | 'timeOfDay'
  | 'businessHours';

export const CONDITION_TYPES: readonly ConditionType[] = [
  'integration',
  'channel',
  'prechat',
  'contactAttribute',
  'pageUrl',
  'language',
  'tag',
  'timeOfDay',
  'businessHours',
];

const STRING_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'startsWith',
  'endsWith',
  'in',
  'notIn',
  'exists',
  'notExists',
  'matches',
] as const;
const NUMBER_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;

/** The operators each condition type takes (none for time of day and business hours). */
export const OPERATORS: Record<ConditionType, readonly string[]> = {
  integration: ['in', 'notIn'],
  channel: ['in', 'notIn'],
  prechat: STRING_OPERATORS,
  contactAttribute: [...STRING_OPERATORS, ...NUMBER_OPERATORS],
  pageUrl: STRING_OPERATORS,
  language: ['in', 'notIn'],
  tag: ['includesAny', 'includesAll', 'excludesAll'],
  timeOfDay: [],
  businessHours: [],
};

/** What a condition's operator needs from the admin. */
export type Operand = 'none' | 'value' | 'number' | 'values';

export function operandOf(type: ConditionType, operator: string): Operand {
  if (type === 'timeOfDay' || type === 'businessHours') return 'none';
  if (operator === 'exists' || operator === 'notExists') return 'none';
  if (['in', 'notIn', 'includesAny', 'includesAll', 'excludesAll'].includes(operator)) return 'values';
  if ((NUMBER_OPERATORS as readonly string[]).includes(operator)) return 'number';
  return 'value';
}

export interface ConditionForm {
  type: ConditionType;
  operator: string;
  /** The pre-chat field id or the contact attribute. */
  field: string;
  value: string;
  /** A list, comma or newline separated. */
  values: string;
  timeZone: string;
  from: string;
  to: string;
  days: number[];
  teamId: string;
  open: boolean;
}

export interface ActionForm {
  teamId: string;
  priority: string;
  /** Comma separated. */
  requiredSkills: string;
  preferredAgentId: string;
  botAgentId: string;
}

export interface RuleForm {
  id: string;
  name: string;
  enabled: boolean;
  conditions: ConditionForm[];
  action: ActionForm;
}

export type Json = Record<string, unknown>;

export function emptyCondition(type: ConditionType, timeZone = 'UTC'): ConditionForm {
  return {
    type,
    operator: OPERATORS[type][0] ?? '',
    field: '',
    value: '',
    values: '',
    timeZone,
    from: '09:00',
    to: '17:00',
    days: [],
    teamId: '',
    open: true,
  };
}

/** "vip, gold\nsilver" → ["vip", "gold", "silver"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

export function conditionToForm(condition: Json): ConditionForm {
  const type = (CONDITION_TYPES as readonly unknown[]).includes(condition.type)
    ? (condition.type as ConditionType)
    : 'contactAttribute';
  const form = emptyCondition(type);
  return {
    ...form,
    operator: str(condition.operator) || form.operator,
    field: str(type === 'prechat' ? condition.field : condition.attribute),
    value: str(condition.value),
    values: Array.isArray(condition.values) ? condition.values.map(str).join(', ') : '',
    timeZone: str(condition.timeZone) || form.timeZone,
    from: str(condition.from) || form.from,
    to: str(condition.to) || form.to,
    days: Array.isArray(condition.days)
      ? condition.days.filter((d): d is number => typeof d === 'number')
      : [],
    teamId: str(condition.teamId),
    open: condition.open !== false,
  };
}

export function formToCondition(form: ConditionForm): Json {
  switch (form.type) {
    case 'timeOfDay':
      return {
        type: form.type,
        timeZone: form.timeZone,
        from: form.from.trim(),
        to: form.to.trim(),
        ...(form.days.length ? { days: [...form.days].sort((a, b) => a - b) } : {}),
      };
    case 'businessHours':
      return { type: form.type, teamId: form.teamId, open: form.open };
    default: {
      const operand = operandOf(form.type, form.operator);
      const condition: Json = { type: form.type };
      if (form.type === 'prechat') condition.field = form.field.trim();
      if (form.type === 'contactAttribute') condition.attribute = form.field.trim();
      condition.operator = form.operator;
      if (operand === 'values') condition.values = splitList(form.values);
      if (operand === 'value') condition.value = form.value;
      if (operand === 'number') {
        // Not a number: sent as typed, so the hub names the problem at its path.
        const number = Number(form.value.trim());
        condition.value = form.value.trim() !== '' && Number.isFinite(number) ? number : form.value;
      }
      return condition;
    }
  }
}

export function actionToForm(action: Json | undefined): ActionForm {
  const a = action ?? {};
  return {
    teamId: str(a.teamId),
    priority: str(a.priority),
    requiredSkills: Array.isArray(a.requiredSkills) ? a.requiredSkills.map(str).join(', ') : '',
    preferredAgentId: str(a.preferredAgentId),
    botAgentId: str(a.botAgentId),
  };
}

export function formToAction(form: ActionForm): Json {
  const action: Json = {};
  if (form.teamId) action.teamId = form.teamId;
  if (form.priority.trim() !== '') {
    const priority = Number(form.priority);
    action.priority = Number.isFinite(priority) ? priority : form.priority;
  }
  const skills = splitList(form.requiredSkills);
  if (skills.length) action.requiredSkills = skills;
  if (form.preferredAgentId) action.preferredAgentId = form.preferredAgentId;
  if (form.botAgentId) action.botAgentId = form.botAgentId;
  return action;
}

export function ruleToForm(rule: Json): RuleForm {
  return {
    id: str(rule.id),
    name: str(rule.name),
    enabled: rule.enabled !== false,
    conditions: Array.isArray(rule.conditions) ? rule.conditions.map((c) => conditionToForm(c as Json)) : [],
    action: actionToForm(rule.action as Json | undefined),
  };
}

export function formToRule(form: RuleForm): Json {
  return {
    id: form.id.trim(),
    name: form.name.trim(),
    enabled: form.enabled,
    conditions: form.conditions.map(formToCondition),
    action: formToAction(form.action),
  };
}

/** An id for a new rule, unique among `taken` (1-64 of letters, digits, _ . : -). */
export function newRuleId(taken: readonly string[]): string {
  for (let n = taken.length + 1; ; n++) {
    const id = `rule-${n}`;
    if (!taken.includes(id)) return id;
  }
}

/**
 * One line per problem of the hub's INVALID_INPUT answer: a routing policy's
 * "Invalid routing policy:\n- rules.2.conditions.0.value: …" lines, team settings'
 * "Invalid team routing settings: a; b", or the message itself.
 */
export function problemLines(message: string): string[] {
  const listed = message
    .split('\n')
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2).trim());
  if (listed.length) return listed;
  const settings = /^Invalid [^:]+: (.+)$/s.exec(message);
  if (settings)
    return settings[1]
      .split('; ')
      .map((line) => line.trim())
      .filter(Boolean);
  return [message];
}
