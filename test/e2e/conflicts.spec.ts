// The conflict queue through every layer: a supervisor sees two conflicts between the team's vault and a
// field office (a categorisation and a report decision), each side with its origin, actor, time and
// rationale; keeps one side of the categorisation with a reason, from the keyboard only; the conflict
// then shows as resolved with the side kept, and the open list holds only the report decision.
import { conflictsSeed } from './conflicts-seed';
import { expect, screenshot, test } from './fixtures';
import { peerTeam } from './peer-team';

test.describe('the conflict queue', () => {
  test.use({ seed: conflictsSeed });

  test('a supervisor keeps one side of a conflict, with a reason, from the keyboard', async ({
    app,
    unlock,
  }, testInfo) => {
    const project = testInfo.project.name;
    await unlock({ name: 'Conflicts', ...peerTeam.sue });
    await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Conflicts' }).click();
    const screen = app.getByRole('region', { name: 'Conflicts' });
    await expect(screen).toBeVisible();
    const list = screen.getByRole('list', { name: 'Conflicts' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    const category = list.getByRole('listitem', { name: /^Categorisation conflict on / });
    await expect(category).toContainText('This workstation');
    await expect(category).toContainText('B1 (infant)');
    await expect(category).toContainText('none');
    await expect(category).toContainText(/ana \(custody\//);
    const report = list.getByRole('listitem', { name: /^Report decision conflict on / });
    await expect(report).toContainText('Matches the known series; report it.');
    await expect(report).toContainText('A drawing of shapes: nothing to report.');
    await screenshot(app, project, 'conflicts-01-queue');

    // Keyboard only: focus the field office's side, select it, give the reason, submit.
    const form = category.getByRole('form', { name: /^Resolve the categorisation conflict on / });
    const fieldSide = form.getByRole('radio', { name: /^B1 \(infant\) — custody\// });
    await fieldSide.focus();
    await app.keyboard.press('Space');
    await expect(fieldSide).toBeChecked();
    // A radio group is one tab stop: the next Tab reaches the reason.
    await app.keyboard.press('Tab');
    await expect(form.getByLabel('Reason')).toBeFocused();
    await app.keyboard.type('The field office saw the original context; keep their category.');
    await app.keyboard.press('Tab');
    await expect(form.getByRole('button', { name: 'Resolve' })).toBeFocused();
    await app.keyboard.press('Enter');

    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByRole('listitem', { name: /^Report decision conflict on / })).toBeVisible();
    await screen.getByRole('checkbox', { name: 'Open conflicts only' }).uncheck();
    const resolved = list.getByRole('listitem', { name: /^Categorisation conflict on / });
    await expect(resolved.getByRole('note')).toContainText('Resolved by sue, ' /* the supervisor */);
    await expect(resolved.getByRole('note')).toContainText('keep their category');
    await expect(resolved.locator('.conflict-side.chosen')).toContainText('B1 (infant)');
    await resolved.scrollIntoViewIfNeeded();
    await screenshot(app, project, 'conflicts-02-resolved');
  });
});
