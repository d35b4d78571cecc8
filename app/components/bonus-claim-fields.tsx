/** Form fields of the bonus claim pages: a radio group and a file input, tied to their messages. */
import { useTDynamic } from "~/i18n/react";
import { decodeError } from "~/schemas/field-errors";
import { fieldId, useHvFormContext } from "./form";

/** Radio buttons in a fieldset, tied to their error; none is chosen until the person chooses. */
export function RadioGroup({
  name,
  legend,
  options,
  hint,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string; disabled?: boolean }[];
  hint?: string;
}) {
  const f = useHvFormContext();
  const td = useTDynamic();
  const err = f.error(name);
  const errorId = `${fieldId(name)}-error`;
  const hintId = `${fieldId(name)}-hint`;
  const described = [hint ? hintId : null, err ? errorId : null].filter(Boolean).join(" ") || undefined;
  const current = f.value(name);
  return (
    <fieldset className="radio-group" id={fieldId(name)} aria-describedby={described} aria-invalid={err ? true : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {options.map((o) => (
        <label key={o.value} className={o.disabled ? "disabled" : undefined}>
          <input type="radio" value={o.value} disabled={o.disabled} defaultChecked={current === o.value} {...f.rhf.register(name)} /> {o.label}
        </label>
      ))}
      {err ? (
        <p className="field-error" id={errorId} data-field={name}>
          {td(decodeError(err).key, decodeError(err).params)}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A file input (not a react-hook-form value: the browser posts it with the multipart form), with the server's message. */
export function FileField({ name, label, required }: { name: string; label: string; required?: boolean }) {
  const f = useHvFormContext();
  const td = useTDynamic();
  const err = f.error(name);
  return (
    <div className="field">
      <label htmlFor={fieldId(name)}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={fieldId(name)}
        type="file"
        name={name}
        accept=".pdf,.docx,.xlsx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-invalid={err ? true : undefined}
        aria-describedby={err ? `${fieldId(name)}-error` : undefined}
        aria-required={required || undefined}
      />
      {err ? (
        <p className="field-error" id={`${fieldId(name)}-error`} data-field={name}>
          {td(decodeError(err).key, decodeError(err).params)}
        </p>
      ) : null}
    </div>
  );
}

/** A checkbox with its hint and its message (the claim's statement of the employment condition). */
export function CheckboxWithError({ name, label, hint }: { name: string; label: string; hint?: string }) {
  const f = useHvFormContext();
  const td = useTDynamic();
  const err = f.error(name);
  const described = [hint ? `${fieldId(name)}-hint` : null, err ? `${fieldId(name)}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field field-checkbox">
      <input
        id={fieldId(name)}
        type="checkbox"
        value="on"
        defaultChecked={f.value(name) === "on"}
        aria-invalid={err ? true : undefined}
        aria-describedby={described}
        {...f.rhf.register(name)}
      />
      <label htmlFor={fieldId(name)}>{label}</label>
      {hint ? (
        <p className="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </p>
      ) : null}
      {err ? (
        <p className="field-error" id={`${fieldId(name)}-error`} data-field={name}>
          {td(decodeError(err).key, decodeError(err).params)}
        </p>
      ) : null}
    </div>
  );
}
