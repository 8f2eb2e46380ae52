import { rankCandidates, type PartnerProfile } from '../../../../domain/matching';
import { reasonText } from './reasons';

describe('reasonText', () => {
  it('knows every line matching writes, so none shows untranslated', () => {
    const partner: PartnerProfile = { id: 'p', name: 'HTX', kind: 'coop', capabilities: ['venue'], unitCode: 'HK', activeCommitments: 6, withdrawals: 2, completedProjects: 1 };
    const lines = [
      ...rankCandidates({ capability: 'venue', unitCode: 'BD' }, [partner])[0]!.reasons,
      ...rankCandidates({ capability: 'venue', unitCode: 'BD', neighbouringUnits: ['HK'] }, [partner])[0]!.reasons,
      ...rankCandidates({ capability: 'venue', unitCode: 'HK' }, [partner])[0]!.reasons,
    ];
    expect(lines.filter((line) => reasonText(line) === null)).toEqual([]);
  });

  it('keeps the figures of the line', () => {
    expect(reasonText('offers volunteers: +50')).toEqual({ key: 'app.actions.reason.offers', args: { capability: 'volunteers', points: '50' } });
    expect(reasonText('2 past withdrawals: -20')).toEqual({ key: 'app.actions.reason.withdrawals', args: { count: '2', points: '20' } });
    expect(reasonText('something new: +3')).toBeNull();
  });
});
