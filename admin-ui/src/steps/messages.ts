// The accountable person of a step and its reassignment (`app.assignee.*`), and who must act and
// what is late (`app.work.*`: queues, names, the inbox's context), in both catalogues.
import type { Catalogue } from '../i18n/catalogue';

export const assigneeEn = {
  label: 'Accountable',
  none: 'Not assigned',
  button: 'Reassign',
  title: 'Reassign %{step}',
  intro: 'Name the person accountable for this step from now on. The reason is written to the decision ledger and the new person is notified.',
  person: 'New accountable person',
  reason: 'Reason',
  no_one: 'No other eligible person in the unit holds the role that decides this step.',
} as const;

export const assigneeVi = {
  label: 'Người phụ trách',
  none: 'Chưa giao',
  button: 'Giao lại',
  title: 'Giao lại bước %{step}',
  intro: 'Chọn người phụ trách bước này từ nay. Lý do được ghi vào sổ quyết định và người được giao sẽ nhận thông báo.',
  person: 'Người phụ trách mới',
  reason: 'Lý do',
  no_one: 'Trong đơn vị không còn ai khác đủ điều kiện có vai trò quyết định bước này.',
} satisfies Catalogue<typeof assigneeEn>;


export const workEn = {
  waiting_for: 'Waiting for %{names}',
  waiting_for_votes: 'Waiting for %{names} (%{cast}/%{eligible} votes)',
  waiting_for_more: '%{names} and %{smart_count} more',
  waiting_for_nobody: 'Everyone who decides has acted',
  and: 'and',
  search: 'Code or title',
  queue_label: 'Queues',
  queue: {
    mine: 'Mine',
    late: 'Late',
    due_this_week: 'Due this week',
    waiting_on_others: 'Waiting for others',
  },
  all_open: 'All open steps',
  filtered: 'Showing the steps behind a dashboard figure.',
  clear: 'Show my team\'s open steps',
  waiting_column: 'Waiting for',
  escalated_link: 'List the %{smart_count} escalated step |||| List the %{smart_count} escalated steps',
  context: {
    title: 'To decide',
    screening_note: 'Screening note (%{actor})',
    no_screening_note: 'The coordinator left no note.',
    category: 'Category',
    team: 'Lead team',
    budget: 'Budget requested',
    planned: 'Budget plan',
    funding_mix: 'Funding pledged',
    no_pledges: 'No pledges yet.',
    votes: 'Votes cast',
    no_votes: 'Nobody has voted yet.',
    recused: 'Left out of this vote',
    no_recused: 'Nobody declared a conflict or was left out.',
    proposer: 'Proposed by %{name}',
  },
  recusal: {
    proposer: 'Proposer of this project',
    partner: 'Linked to a partner or funder of this project',
    declared: 'Declared a conflict of interest: %{detail}',
  },
};

export const workVi = {
  waiting_for: 'Chờ %{names}',
  waiting_for_votes: 'Chờ %{names} (%{cast}/%{eligible} phiếu)',
  waiting_for_more: '%{names} và %{smart_count} người khác',
  waiting_for_nobody: 'Mọi người có quyền quyết định đã thực hiện',
  and: 'và',
  search: 'Mã hoặc tên dự án',
  queue_label: 'Hàng việc',
  queue: {
    mine: 'Của tôi',
    late: 'Trễ hạn',
    due_this_week: 'Đến hạn tuần này',
    waiting_on_others: 'Chờ người khác',
  },
  all_open: 'Mọi bước đang mở',
  filtered: 'Đang hiện các bước đứng sau một số liệu trên bảng số liệu.',
  clear: 'Xem các bước đang mở của tổ',
  waiting_column: 'Đang chờ',
  escalated_link: 'Xem %{smart_count} bước đã chuyển cấp trên',
  context: {
    title: 'Thông tin để quyết định',
    screening_note: 'Ý kiến sơ duyệt (%{actor})',
    no_screening_note: 'Cán bộ điều phối không để lại ý kiến.',
    category: 'Lĩnh vực',
    team: 'Tổ chủ trì',
    budget: 'Kinh phí đề xuất',
    planned: 'Kế hoạch ngân sách',
    funding_mix: 'Nguồn vốn đã cam kết',
    no_pledges: 'Chưa có cam kết nào.',
    votes: 'Phiếu đã bỏ',
    no_votes: 'Chưa ai bỏ phiếu.',
    recused: 'Không tham gia biểu quyết',
    no_recused: 'Không ai khai báo xung đột lợi ích hay bị loại khỏi biểu quyết.',
    proposer: 'Người đề xuất: %{name}',
  },
  recusal: {
    proposer: 'Là người đề xuất dự án này',
    partner: 'Có liên hệ với đối tác hoặc nhà tài trợ của dự án này',
    declared: 'Đã khai báo xung đột lợi ích: %{detail}',
  },
} satisfies Catalogue<typeof workEn>;
