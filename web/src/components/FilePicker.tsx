import { useI18n } from '../i18n/i18n.tsx';
import { formatKilobytes } from '../lib/format.ts';

/**
 * A file field in the app's words (Bootstrap Italia's upload): the browser's own picker, whose "Choose
 * File / No file chosen" follow the browser's language, is hidden behind a labelled button of ours, and
 * the files chosen are named below it. The field's name comes from the caller's title (`labelledBy`).
 */
export function FilePicker({
  id,
  labelledBy,
  describedBy,
  accept,
  multiple = false,
  invalid = false,
  disabled = false,
  files,
  onFiles,
}: {
  id: string;
  labelledBy: string;
  describedBy?: string | undefined;
  accept: string;
  multiple?: boolean;
  invalid?: boolean;
  disabled?: boolean;
  /** What is chosen now, as the caller keeps it (null or empty: nothing). */
  files: readonly { name: string; size?: number | undefined }[];
  onFiles: (files: File[]) => void;
}) {
  const { t } = useI18n();
  const chosen = `${id}-chosen`;
  return (
    <div>
      <input
        id={id}
        type="file"
        className="upload"
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        aria-labelledby={labelledBy}
        aria-describedby={[chosen, describedBy].filter(Boolean).join(' ')}
        aria-invalid={invalid ? true : undefined}
        onChange={(e) => onFiles([...(e.target.files ?? [])])}
      />
      <label htmlFor={id} className="mb-0">
        {t(multiple ? 'file.chooseMany' : 'file.choose')}
      </label>
      <p id={chosen} className="small mt-1 mb-0">
        {files.length === 0
          ? t(multiple ? 'file.noneMany' : 'file.none')
          : t('file.chosen', {
              files: files
                .map((f) => (f.size === undefined ? f.name : `${f.name} (${formatKilobytes(f.size)})`))
                .join(', '),
            })}
      </p>
    </div>
  );
}
