import { useId, type ChangeEvent, type ReactNode } from 'react';

export interface FilePickerProps {
  /** File endings the browser offers, e.g. ".csv,.xlsx". */
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  /** The button's text („Datei wählen …“). */
  chooseLabel: string;
  /** What is chosen, or that nothing is. */
  chosen: string;
  hint: string;
  testId?: string;
  /** Called with the chosen files, never with none. */
  onFiles: (files: File[]) => void;
  /** More below the hint, inside the same field. */
  children?: ReactNode;
}

/** A button that opens the file dialog, the names chosen beside it and a hint below. */
export function FilePicker({ accept, multiple, disabled, chooseLabel, chosen, hint, testId, onFiles, children }: FilePickerProps) {
  const ids = { file: useId(), chosen: useId(), hint: useId() };

  function changed(event: ChangeEvent<HTMLInputElement>) {
    const files = event.target.files ? [...event.target.files] : [];
    // The same file again (e.g. after fixing it in Excel) must be read again.
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  }

  return (
    <div className="field">
      <div className="file-picker">
        <input
          id={ids.file}
          type="file"
          multiple={multiple}
          accept={accept}
          className="file-input visually-hidden"
          aria-describedby={`${ids.chosen} ${ids.hint}`}
          disabled={disabled}
          onChange={changed}
          data-testid={testId}
        />
        <label htmlFor={ids.file} className="button file-picker-button">
          {chooseLabel}
        </label>
        <span id={ids.chosen} className="file-picker-chosen">
          {chosen}
        </span>
      </div>
      <p id={ids.hint} className="hint">
        {hint}
      </p>
      {children}
    </div>
  );
}
