import { deadlineText } from './deadline';

describe('deadline text', () => {
  it('counts working days left, overdue, or due today', () => {
    expect(deadlineText(3)).toEqual({ key: 'app.deadline.days_left', count: 3 });
    expect(deadlineText(-2)).toEqual({ key: 'app.deadline.days_overdue', count: 2 });
    expect(deadlineText(0)).toEqual({ key: 'app.deadline.due_today', count: 0 });
  });
  it('says nothing when the step has no deadline', () => {
    expect(deadlineText(null)).toBeNull();
    expect(deadlineText(undefined)).toBeNull();
  });
});
