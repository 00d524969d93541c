export { hashPassword, verifyPassword, hashChannelKey } from '@aftersale/server/persistence';
