/** `notices[].type` ↔ `Subscription.types` (BK-CI `PacNotices`); `wework-chat` is the chat-group flag instead. */
export const NOTICE_TYPES: Record<string, string> = {
  email: 'EMAIL',
  'wework-message': 'RTX',
  sms: 'SMS',
  voice: 'VOICE',
};
export const CHAT_NOTICE = 'wework-chat';
