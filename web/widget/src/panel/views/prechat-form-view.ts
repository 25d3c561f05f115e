import type { PrechatField } from '../../shared/protocol';
import type { PanelStrings } from '../../shared/strings';
import { h, richText } from '../dom';

export type PrechatAnswers = Record<string, string | boolean>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface FieldControl {
  field: PrechatField;
  /** The value to send, or null when empty / unchecked. */
  value(): string | boolean | null;
  /** The element that gets focus and aria-invalid. */
  focusTarget: HTMLElement;
  inputs: HTMLElement[];
  error: HTMLElement;
}

/**
 * The pre-chat form: one control per configured field (name, email, text, choice as radios or a
 * select, consent as a checkbox with its label), with required and email validation reported as
 * text tied to the control (aria-describedby, aria-invalid) and focus moved to the first error.
 */
export class PrechatFormView {
  readonly element: HTMLFormElement;

  constructor(fields: PrechatField[], strings: PanelStrings, onSubmit: (answers: PrechatAnswers) => void) {
    const controls = fields.map((field, index) => this.control(field, index, strings));
    this.element = h(
      'form',
      {
        class: 'sb-prechat',
        novalidate: true,
        'aria-labelledby': 'sb-prechat-intro',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          const answers: PrechatAnswers = {};
          let firstInvalid: HTMLElement | null = null;
          for (const control of controls) {
            const value = control.value();
            const problem =
              control.field.required && (value === null || value === false)
                ? strings.required
                : control.field.type === 'email' && typeof value === 'string' && !EMAIL.test(value)
                  ? strings.invalidEmail
                  : '';
            control.error.textContent = problem;
            control.error.hidden = !problem;
            for (const input of control.inputs) {
              if (problem) input.setAttribute('aria-invalid', 'true');
              else input.removeAttribute('aria-invalid');
            }
            if (problem) firstInvalid ??= control.focusTarget;
            else if (value !== null) answers[control.field.id] = value;
          }
          if (firstInvalid) firstInvalid.focus();
          else onSubmit(answers);
        },
      },
      h('p', { class: 'sb-prechat-intro', id: 'sb-prechat-intro' }, strings.prechatIntro),
      ...controls.map((c) => c.element),
      h('button', { type: 'submit', class: 'sb-button' }, strings.prechatSubmit),
    );
  }

  focus(): void {
    (this.element.querySelector('input, select, textarea') as HTMLElement | null)?.focus({
      preventScroll: true,
    });
  }

  private control(
    field: PrechatField,
    index: number,
    strings: PanelStrings,
  ): FieldControl & { element: HTMLElement } {
    const id = `sb-f${index}`;
    const errorId = `${id}-error`;
    const error = h('p', { class: 'sb-error', id: errorId, hidden: true });
    const label = (forId: string | null) =>
      h(
        forId ? 'label' : 'legend',
        { for: forId, class: 'sb-label' },
        richText(field.label),
        field.required ? h('span', { 'aria-hidden': 'true', class: 'sb-required' }, ' *') : '',
      );
    const common = { id, 'aria-describedby': errorId, required: field.required };

    if (field.type === 'consent') {
      const box = h('input', { ...common, type: 'checkbox' });
      return {
        field,
        value: () => (box.checked ? true : null),
        focusTarget: box,
        inputs: [box],
        error,
        element: h('div', { class: 'sb-field sb-field--consent' }, box, label(id), error),
      };
    }

    if (field.type === 'choice') {
      const options = field.options ?? [];
      if (options.length <= 4) {
        const radios = options.map((option, i) =>
          h('input', {
            type: 'radio',
            name: id,
            value: option,
            id: `${id}-${i}`,
            required: field.required,
            'aria-describedby': errorId,
          }),
        );
        return {
          field,
          value: () => radios.find((r) => r.checked)?.value ?? null,
          focusTarget: radios[0] ?? error,
          inputs: radios,
          error,
          element: h(
            'fieldset',
            { class: 'sb-field sb-fieldset' },
            label(null),
            ...radios.map((radio, i) =>
              h('div', { class: 'sb-radio' }, radio, h('label', { for: `${id}-${i}` }, options[i])),
            ),
            error,
          ),
        };
      }
      const select = h(
        'select',
        { ...common, class: 'sb-input' },
        h('option', { value: '' }, strings.choose),
        ...options.map((option) => h('option', { value: option }, option)),
      );
      return {
        field,
        value: () => select.value || null,
        focusTarget: select,
        inputs: [select],
        error,
        element: h('div', { class: 'sb-field' }, label(id), select, error),
      };
    }

    const input = h('input', {
      ...common,
      class: 'sb-input',
      type: field.type === 'email' ? 'email' : 'text',
      autocomplete: field.type === 'email' ? 'email' : field.type === 'name' ? 'name' : 'off',
    });
    return {
      field,
      value: () => input.value.trim() || null,
      focusTarget: input,
      inputs: [input],
      error,
      element: h('div', { class: 'sb-field' }, label(id), input, error),
    };
  }
}
