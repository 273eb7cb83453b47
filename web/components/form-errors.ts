import type { FormInstance } from 'antd';
import type { z } from 'zod';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Zod issues → `{ field, message }`, keyed by the first path segment (the form field's name). */
export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
}

/** Server details name fields like `body.title` or `body.coUnitIds.0`; a form knows them as `title`. */
export function serverProblems(details: FieldProblem[], aliases: Record<string, string> = {}): FieldProblem[] {
  return details.map((d) => {
    const parts = d.field.split('.');
    const name = parts[0] === 'body' || parts[0] === 'query' ? (parts[1] ?? '') : parts[0];
    return { field: aliases[name] ?? name, message: d.message };
  });
}

/**
 * Puts problems onto the form's fields. Returns the problems that match no field so the caller
 * can still show them (as a message), rather than losing them.
 */
export function applyProblems(form: FormInstance, problems: FieldProblem[], fields: readonly string[]): FieldProblem[] {
  const byField = new Map<string, string[]>();
  const rest: FieldProblem[] = [];
  for (const p of problems) {
    if (!fields.includes(p.field)) {
      rest.push(p);
      continue;
    }
    byField.set(p.field, [...(byField.get(p.field) ?? []), p.message]);
  }
  // Every listed field is set, so a problem fixed since the last attempt no longer shows.
  form.setFields(fields.map((name) => ({ name, errors: byField.get(name) ?? [] })));
  if (byField.size) {
    const first = [...byField.keys()][0];
    form.scrollToField(first, { block: 'center' });
  }
  return rest;
}

/**
 * For a Form's onValuesChange: the fields here carry no antd rules (the schemas check on submit),
 * so an error set by applyProblems would otherwise stay after the user corrects the value.
 */
export function clearErrorsOnChange(form: FormInstance) {
  return (changed: Record<string, unknown>) => form.setFields(Object.keys(changed).map((name) => ({ name, errors: [] })));
}
