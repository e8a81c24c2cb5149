/** "Saved", announced, once a form's change is stored. */
export function SavedStatus({ saved }: { readonly saved: boolean }) {
  if (!saved) return null;
  return (
    <span role="status" className="success">
      Saved
    </span>
  );
}
