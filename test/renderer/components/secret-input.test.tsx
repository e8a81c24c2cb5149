import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretInput } from '../../../renderer/src/components/secret-input.js';

afterEach(cleanup);

const SECRET = `sk_live_${'0f'.repeat(30)}7e57`;

function Harness() {
  const [value, setValue] = useState('');
  return (
    <>
      <SecretInput label="Token" value={value} onChange={setValue} />
      <button type="button" onClick={() => setValue('')}>
        Submit
      </button>
      <output>{value.length}</output>
    </>
  );
}

describe('SecretInput', () => {
  it('Given a pasted token, it is a password field and the secret never lands in the DOM markup', async () => {
    const user = userEvent.setup();
    const { container } = render(<Harness />);
    const input = screen.getByLabelText('Token') as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(input.autocomplete).toBe('off');
    await user.click(input);
    await user.paste(`  ${SECRET} `);
    expect(screen.getByRole('status').textContent).toBe(String(SECRET.length));
    expect(container.innerHTML).not.toContain(SECRET);
  });

  it('When the parent clears the value after submit, the field is emptied', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByLabelText('Token') as HTMLInputElement;
    await user.click(input);
    await user.paste(SECRET);
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(input.value).toBe('');
  });
});
