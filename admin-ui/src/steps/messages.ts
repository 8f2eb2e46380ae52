// The accountable person of a step and its reassignment: `app.assignee.*` in both catalogues.
import type { Catalogue } from '../i18n/en';

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
