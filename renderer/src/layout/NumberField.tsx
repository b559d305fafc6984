import { useId, useState } from 'react';

/**
 * A labelled whole-number (or decimal) field that commits on Enter or leaving it, not on every
 * keystroke: moving a story by typing "12" must not first move it to column 1.
 */
export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onCommit(value: number): void;
}) {
  const id = useId();
  const [text, setText] = useState(String(props.value));
  // A new value from outside (a commit, a move on the page) replaces what is typed.
  const [shown, setShown] = useState(props.value);
  if (!Object.is(shown, props.value)) {
    setShown(props.value);
    setText(String(props.value));
  }
  const commit = () => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n < props.min || n > props.max) {
      setText(String(props.value));
      return;
    }
    if (n !== props.value) props.onCommit(n);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </div>
  );
}
