export { projectLifecycle } from './project-lifecycle';
export { notificationDispatcher } from './notification-dispatcher';
