/** A unified diff, one line per row, additions and removals marked for eyes and screen readers alike. */
export function DiffView({ diff, label }: { readonly diff: string; readonly label: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff" aria-label={label} tabIndex={0}>
      {lines.map((line, index) => {
        const kind =
          line.startsWith('+') && !line.startsWith('+++')
            ? 'add'
            : line.startsWith('-') && !line.startsWith('---')
              ? 'del'
              : 'ctx';
        return (
          <span key={index} className={`diff-${kind}`}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
