/**
 * Common outcome indicators a proposal can pick from (R5: outcomes, not outputs; R8: satisfaction,
 * livelihood, quality of life). Shared by the API (documentation) and the console's proposal form.
 */
export interface CatalogueIndicator {
  code: string;
  name: { vi: string; en: string };
  unit: { vi: string; en: string };
}

export const INDICATOR_CATALOGUE: readonly CatalogueIndicator[] = [
  { code: 'SATISFACTION', name: { vi: 'Mức hài lòng của người dân', en: 'Residents satisfied' }, unit: { vi: '%', en: '%' } },
  { code: 'PARTICIPANTS', name: { vi: 'Người dân tham gia', en: 'Residents taking part' }, unit: { vi: 'người', en: 'people' } },
  { code: 'BENEFICIARIES', name: { vi: 'Người hưởng lợi', en: 'Beneficiaries' }, unit: { vi: 'người', en: 'people' } },
  { code: 'NEW_JOBS', name: { vi: 'Việc làm mới', en: 'New jobs' }, unit: { vi: 'việc làm', en: 'jobs' } },
  { code: 'INCOME', name: { vi: 'Thu nhập bình quân hộ tham gia', en: 'Average income of taking-part households' }, unit: { vi: 'nghìn đồng/tháng', en: 'thousand VND/month' } },
  { code: 'PUBLIC_SPACE', name: { vi: 'Diện tích không gian công cộng được cải tạo', en: 'Public space improved' }, unit: { vi: 'm²', en: 'm²' } },
  { code: 'WASTE_SORTED', name: { vi: 'Hộ phân loại rác tại nguồn', en: 'Households sorting waste at source' }, unit: { vi: 'hộ', en: 'households' } },
  { code: 'TREES', name: { vi: 'Cây xanh được trồng', en: 'Trees planted' }, unit: { vi: 'cây', en: 'trees' } },
  { code: 'VOLUNTEER_HOURS', name: { vi: 'Giờ tình nguyện', en: 'Volunteer hours' }, unit: { vi: 'giờ', en: 'hours' } },
  { code: 'INITIATIVES', name: { vi: 'Sáng kiến được triển khai', en: 'Initiatives implemented' }, unit: { vi: 'sáng kiến', en: 'initiatives' } },
];
