import { waitingText } from './waiting';

const people = (...names: string[]) => names.map((displayName) => ({ displayName }));
const more = (names: string, count: number) => `${names} +${count}`;

describe('who a step waits for', () => {
  it('names the people, and on a vote how many of the eligible have voted', () => {
    expect(waitingText(people('Phạm Minh Anh', 'Đỗ Thị Lan'), { eligible: 3, outstanding: 2 }, more)).toEqual({ key: 'app.work.waiting_for_votes', options: { names: 'Phạm Minh Anh, Đỗ Thị Lan', cast: 1, eligible: 3 } });
    expect(waitingText(people('Nguyễn Thu Hà'), null, more)).toEqual({ key: 'app.work.waiting_for', options: { names: 'Nguyễn Thu Hà' } });
  });
  it('counts the people beyond the first three', () => {
    expect(waitingText(people('A', 'B', 'C', 'D', 'E'), null, more)?.options.names).toBe('A, B, C +2');
  });
  it('says nothing when nobody is left to act', () => {
    expect(waitingText([], { eligible: 3, outstanding: 0 }, more)).toBeNull();
  });
});
