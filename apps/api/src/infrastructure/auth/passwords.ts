export { scryptParams, hashPassword, verifyPassword, needsRehash, hashChannelKey } from '@aftersale/server/persistence';
