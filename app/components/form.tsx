/**
 * Forms that work without JavaScript and are enhanced with react-hook-form when it runs:
 * the browser validates with the same zod schema as the server, shows the messages next to
 * the fields, and only then posts the form as a plain form post would. Server errors (also
 * those only the database can see) come back in the action data and show in the same place.
 */
import { Form, Link, useNavigation, useSubmit } from "@remix-run/react";
import { createContext, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { get, set, useForm, type FieldErrors, type FieldValues, type Resolver, type UseFormReturn } from "react-hook-form";
import type * as z from "zod/mini";
import { decodeError, getPath, type FieldErrorMap } from "~/schemas/field-errors";
import { useLang, useT, useTDynamic } from "~/i18n/react";

export interface HvForm {
  rhf: UseFormReturn<FieldValues>;
  formRef: React.RefObject<HTMLFormElement>;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  error: (name: string) => string | undefined;
  value: (name: string) => string;
  errorCount: number;
  submitting: boolean;
  stale: StaleInfo | null;
}

/** What others saved meanwhile, written out by the server in both languages (app/utils/http.server.ts): who and when, then each change. */
type StaleInfo = {
  changes: { at: string; userName: string | null; lines: { fi: string[]; en: string[] } }[];
};

type ActionData = { ok: false; errors: FieldErrorMap; values: Record<string, unknown>; stale?: StaleInfo } | undefined | null | { ok: true };

export function useHvForm({ schema, values, actionData }: { schema: z.ZodMiniType; values: Record<string, unknown>; actionData?: ActionData }): HvForm {
  const submit = useSubmit();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const failed = actionData && "errors" in actionData ? actionData : null;
  const initial = failed?.values ?? values;
  const rhf = useForm<FieldValues>({
    resolver: schemaResolver(schema),
    defaultValues: initial,
    mode: "onTouched",
  });
  const [serverErrors, setServerErrors] = useState<FieldErrorMap>(failed?.errors ?? {});
  useEffect(() => setServerErrors(failed?.errors ?? {}), [failed]);
  const clientErrors = rhf.formState.errors;
  const error = (name: string): string | undefined => {
    const e = getPath(clientErrors, name) as { message?: unknown } | undefined;
    if (e && typeof e.message === "string" && e.message) return e.message;
    return serverErrors[name];
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    void rhf.handleSubmit(
      () => {
        setServerErrors({});
        submit(form, { method: (form.getAttribute("method") ?? "post") as "post" });
      },
      () => {
        requestAnimationFrame(() => form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
      },
    )(e);
  };
  const value = (name: string): string => {
    const v = getPath(initial, name);
    return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
  };
  const clientCount = countErrors(clientErrors);
  return {
    rhf,
    formRef,
    onSubmit,
    error,
    value,
    errorCount: clientCount + Object.keys(serverErrors).length,
    submitting: navigation.state === "submitting",
    stale: failed?.stale ?? null,
  };
}

/**
 * Validates with the form's zod/mini schema and reports each issue at its field (its message is
 * a catalogue key, possibly with parameters). The first issue of a field wins, as on the server.
 */
function schemaResolver(schema: z.ZodMiniType): Resolver<FieldValues> {
  return async (values) => {
    // A radio group nobody has chosen is null here; on the server (a plain post) it is absent.
    const result = await schema.safeParseAsync(JSON.parse(JSON.stringify(values), (_k, v: unknown) => (v === null ? undefined : v)));
    if (result.success) return { values: result.data as FieldValues, errors: {} };
    const errors: FieldErrors = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join(".");
      if (path && !get(errors, path)) set(errors, path, { type: issue.code, message: issue.message });
    }
    return { values: {}, errors };
  };
}

function countErrors(node: unknown): number {
  if (!node || typeof node !== "object") return 0;
  const o = node as Record<string, unknown>;
  if (typeof o.message === "string") return 1;
  return Object.values(o).reduce<number>((a, v) => a + countErrors(v), 0);
}

const FormCtx = createContext<HvForm | null>(null);

export function useHvFormContext(): HvForm {
  const f = useContext(FormCtx);
  if (!f) throw new Error("field outside <HvFormProvider>");
  return f;
}

export function HvFormProvider({ form, children }: { form: HvForm; children: ReactNode }) {
  return <FormCtx.Provider value={form}>{children}</FormCtx.Provider>;
}

export const fieldId = (name: string) => `f-${name.replace(/\./g, "-")}`;

export function FieldError({ name, id }: { name: string; id?: string }) {
  const f = useHvFormContext();
  const td = useTDynamic();
  const e = f.error(name);
  if (!e) return null;
  const { key, params } = decodeError(e);
  return (
    <p className="field-error" id={id ?? `${fieldId(name)}-error`} data-field={name}>
      {td(key, params)}
    </p>
  );
}

export function ErrorSummary() {
  const f = useHvFormContext();
  const t = useT();
  const td = useTDynamic();
  const lang = useLang();
  const stale = f.error("revision") ?? f.error("planRevision");
  if (f.errorCount === 0) return null;
  return (
    <div className="error-summary" role="alert">
      <p>{t("error.form.summary")}</p>
      {stale ? <p>{td(decodeError(stale).key)}</p> : null}
      {f.stale?.changes.length ? (
        <div className="stale-changes">
          <h2>{t("stale.title")}</h2>
          {/* Each save: who and when, then what it changed (written out by the server). */}
          {f.stale.changes.map((c, i) => (
            <ul key={i} className="changes">
              {c.lines[lang].map((line, j) => (
                <li key={j}>{line}</li>
              ))}
            </ul>
          ))}
        </div>
      ) : null}
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  className?: string;
}

function describedBy(name: string, hint?: string, hasError?: boolean) {
  const ids = [hint ? `${fieldId(name)}-hint` : null, hasError ? `${fieldId(name)}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

interface FieldFrameProps extends FieldProps {
  hideLabel?: boolean;
  /** Renders the control with the attributes that tie it to its label, hint and error. */
  children: (a: { id: string; "aria-invalid"?: true; "aria-describedby"?: string; "aria-required"?: true }) => ReactNode;
}

/** A labelled field: label (with * when required), hint, the control, and its error. */
function FieldFrame({ name, label, hint, required, className, hideLabel, children }: FieldFrameProps) {
  const f = useHvFormContext();
  const err = f.error(name);
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={fieldId(name)} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({
        id: fieldId(name),
        "aria-invalid": err ? true : undefined,
        "aria-describedby": describedBy(name, hint, !!err),
        "aria-required": required ? true : undefined,
      })}
      <FieldError name={name} />
    </div>
  );
}

export function TextField(props: FieldProps & { type?: string; inputMode?: "decimal" | "numeric" | "text"; autoComplete?: string; hideLabel?: boolean }) {
  const f = useHvFormContext();
  return (
    <FieldFrame {...props}>
      {(a) => (
        <input
          {...a}
          type={props.type ?? "text"}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? "off"}
          defaultValue={f.value(props.name)}
          {...f.rhf.register(props.name)}
        />
      )}
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  const f = useHvFormContext();
  return (
    <FieldFrame {...props}>{(a) => <textarea {...a} rows={props.rows ?? 3} defaultValue={f.value(props.name)} {...f.rhf.register(props.name)} />}</FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; emptyLabel?: string; hideLabel?: boolean }) {
  const f = useHvFormContext();
  return (
    <FieldFrame {...props}>
      {(a) => (
        <select {...a} defaultValue={f.value(props.name)} {...f.rhf.register(props.name)}>
          {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export function CheckboxField({ name, label, hint }: FieldProps) {
  const f = useHvFormContext();
  const v = f.value(name);
  return (
    <div className="field field-checkbox">
      <input
        id={fieldId(name)}
        type="checkbox"
        value="on"
        defaultChecked={v === "on" || v === "true"}
        aria-describedby={describedBy(name, hint, false)}
        {...f.rhf.register(name)}
      />
      <label htmlFor={fieldId(name)}>{label}</label>
      {hint ? (
        <p className="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function SubmitButton({ children }: { children: ReactNode }) {
  const f = useHvFormContext();
  return (
    <button type="submit" className="primary" aria-disabled={f.submitting || undefined}>
      {children}
    </button>
  );
}

/** Rows of a repeating group: as many as there are values plus spare ones; JavaScript can add more. */
/**
 * "Add a row" for repeating rows named `prefix.N.…`: with JavaScript it adds the row here;
 * without it, it posts the form with `_addRow` and the server sends the form back with one more
 * row and nothing saved (parseForm).
 */
export function AddRowButton({ prefix, onAdd }: { prefix: string; onAdd: () => void }) {
  const t = useT();
  return (
    <button
      type="submit"
      name="_addRow"
      value={prefix}
      formNoValidate
      className="add-row"
      onClick={(e) => {
        e.preventDefault();
        onAdd();
      }}
    >
      {t("common.addRow")}
    </button>
  );
}

/**
 * A form page's frame: the provider, the <Form> (a plain post, enhanced when JavaScript runs),
 * the error summary, the fields, and Save (+ Cancel when `cancelTo` is given).
 */
export function HvFormShell({
  form,
  cancelTo,
  narrow,
  submitLabel,
  children,
}: {
  form: HvForm;
  cancelTo?: string;
  narrow?: boolean;
  submitLabel?: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <HvFormProvider form={form}>
      <Form method="post" className={narrow ? "hv-form narrow" : "hv-form"} noValidate onSubmit={form.onSubmit} ref={form.formRef}>
        <ErrorSummary />
        {children}
        <div className="form-actions">
          <SubmitButton>{submitLabel ?? t("common.save")}</SubmitButton>
          {cancelTo ? <Link to={cancelTo}>{t("common.cancel")}</Link> : null}
        </div>
      </Form>
    </HvFormProvider>
  );
}
