/** One choice of a `<select>`: the value sent and the words shown. */
export type Choice = readonly [value: string, words: string];

export interface SelectFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly choices: readonly Choice[];
  /** A first choice with the empty value ("Detect", "Any kind"), shown when given. */
  readonly emptyChoice?: string;
  readonly onChange: (value: string) => void;
}

/** A labelled `<select>`, the way the filters and the format options show one: label above, choices in order. */
export function SelectField({ id, label, value, choices, emptyChoice, onChange }: SelectFieldProps) {
  return (
    <div>
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {emptyChoice !== undefined && <option value="">{emptyChoice}</option>}
        {choices.map(([choice, words]) => (
          <option key={choice} value={choice}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}
