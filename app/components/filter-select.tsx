/**
 * One filter of a list page's GET form: a labelled select whose first choice means "all", with
 * the problem of a value that was not used said beside it (the page's own words, from the loader).
 */
export function FilterSelect({
  name,
  label,
  value,
  allLabel,
  options,
  problem,
}: {
  name: string;
  label: string;
  value: string | number | null | undefined;
  /** The first choice (value ""); omit when every choice is listed in `options`. */
  allLabel?: string;
  options: readonly { value: string | number; label: string }[];
  problem?: string;
}) {
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-error` : undefined}>
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {problem ? (
        <p className="field-error" id={`${id}-error`}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}
